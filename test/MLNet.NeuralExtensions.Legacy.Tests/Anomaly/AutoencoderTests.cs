using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Anomaly;

[TestClass]
public sealed class AutoencoderTests
{
    /// <summary>The conformance cases: the detector, a denoising detector, and the encoding transform, with the columns
    /// each adds.</summary>
    public static IEnumerable<object[]> Estimators =>
    [
        ["detector", new[] { "Score", "PredictedLabel" }],
        ["denoising", new[] { "Score", "PredictedLabel" }],
        ["encoder", new[] { "Code" }],
    ];

    private static AutoencoderOptions Small(string kind = "detector", int seed = 7, string features = "Features") => new()
    {
        FeatureColumnName = features,
        EncoderLayers = [8, 3],
        Epochs = 3,
        BatchSize = 16,
        Seed = seed,
        NoiseStandardDeviation = kind == "denoising" ? 0.3f : 0f,
    };

    private static IEstimator<ITransformer> Estimator(MLContext ml, string kind, AutoencoderOptions options) =>
        kind == "encoder" ? ml.Transforms.AutoencoderEncode("Code", options) : ml.AnomalyDetection.Trainers.Autoencoder(options);

    [TestMethod]
    [DynamicData(nameof(Estimators))]
    public void ConformanceSchemaSeedPersistenceAndOnnx(string kind, string[] outputs)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        IEstimator<ITransformer> estimator = Estimator(ml, kind, Small(kind));
        string output = outputs[0];

        var (model, actual) = PipelineChecks.FitKeepingPromise(estimator, train, test, outputs);

        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Estimator(ml, kind, Small(kind, features: "Nope")).Fit(train));
        StringAssert.Contains(missing.Message, "Nope");

        float[] values = Values(model.Transform(test), output);
        CollectionAssert.AreEqual(values, Values(Estimator(ml, kind, Small(kind)).Fit(train).Transform(test), output), "same seed, same outputs");
        CollectionAssert.AreNotEqual(values, Values(Estimator(ml, kind, Small(kind, seed: 8)).Fit(train).Transform(test), output), "another seed, other outputs");
        CollectionAssert.AreEqual(values, Values(PipelineChecks.SaveAndLoad(ml, model, train).Transform(test), output), "outputs after save and load");

        // ONNX Runtime's outputs equal the managed engine's.
        var managedOptions = Small(kind);
        managedOptions.ScoringBackend = ScoringBackend.Managed;
        float[] managed = Values(Estimator(ml, kind, managedOptions).Fit(train).Transform(test), output);
        float[] features = [.. ml.Data.CreateEnumerable<TrainerConformanceTests.FeatureRow>(test, false).SelectMany(r => r.Features)];
        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", features, 9);
        float[] onnx = (float[])exported[output + ".output"].Data;
        Assert.AreEqual(managed.Length, onnx.Length);
        for (int i = 0; i < managed.Length; i++)
        {
            Assert.AreEqual(managed[i], onnx[i], 1e-4, $"ONNX {output} {i}");
        }

        if (kind != "encoder")
        {
            float threshold = ((AnomalyPredictionTransformer<AutoencoderModelParameters>)model).Threshold;
            CollectionAssert.AreEqual(managed.Select(s => s > threshold).ToArray(), (bool[])exported["PredictedLabel.output"].Data, "ONNX predicted labels");
        }
    }

    [TestMethod]
    public void ExportedAutoencoderPipelinesPassOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        var ml = new MLContext(1);
        IDataView raw = TrainerData.Raw(ml, "breast-cancer");
        foreach (object[] kind in Estimators)
        {
            var pipeline = TrainerData.FeaturePreparation(ml).Append(Estimator(ml, (string)kind[0], Small((string)kind[0])));
            using FileStream file = File.Create(files.PathOf($"autoencoder-{kind[0]}.onnx"));
            ml.Model.ConvertToOnnx(pipeline.Fit(raw), ml.Transforms.SelectColumns("Features").Fit(raw).Transform(raw), file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "3 of 3 models pass");
    }

    [TestMethod]
    public void SatelliteAnomaliesRankAboveNormalRowsAndContaminationSetsTheThreshold()
    {
        // ODDS protocol: trained on every row without labels; the three smallest classes are the anomalies. Measured
        // 0.681 (scikit-learn's IsolationForest: 0.67–0.73 by seed; eng/bench/run-trainer-bench.sh compares both).
        var ml = new MLContext(1);
        IDataView data = ml.Data.Cache(SatelliteData.Load(ml));
        var model = ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Seed = 1 }).Fit(data);
        IDataView scored = model.Transform(data);
        Assert.IsGreaterThanOrEqualTo(0.65, ml.AnomalyDetection.Evaluate(scored).AreaUnderRocCurve, "satellite ROC AUC");

        var rows = ml.Data.CreateEnumerable<Scored>(scored, false).ToArray();
        double flagged = rows.Count(r => r.PredictedLabel) / (double)rows.Length;
        Assert.AreEqual(0.1, flagged, 1.0 / rows.Length, "the default contamination flags 10 % of the training rows");
        Assert.IsTrue(rows.All(r => r.PredictedLabel == r.Score > model.Threshold), "PredictedLabel = Score > Threshold");
        var losses = model.Model.History.Epochs.Select(e => e.Loss).ToArray();
        Assert.IsLessThan(losses[0], losses[^1], "the reconstruction loss falls");
    }

    [TestMethod]
    public void AScoreIsTheMeanOfTheFeatureErrorsAndASetThresholdIsKept()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var options = Small();
        options.Threshold = 0.5f;
        var model = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(train);
        Assert.AreEqual(0.5f, model.Threshold);
        var rows = ml.Data.CreateEnumerable<Scored>(model.Transform(test), false).ToArray();
        Assert.IsTrue(rows.Any(r => r.PredictedLabel) && rows.Any(r => !r.PredictedLabel), "both labels occur at this threshold");
        foreach (Scored row in rows)
        {
            float[] errors = model.Model.GetFeatureErrors(row.Features);
            Assert.HasCount(9, errors);
            Assert.AreEqual(row.Score, errors.Average(), 1e-5, "Score = mean feature error");
            Assert.AreEqual(row.Score > 0.5f, row.PredictedLabel);
        }

        Assert.ThrowsExactly<ArgumentException>(() => model.Model.GetFeatureErrors(new float[8]));
    }

    [TestMethod]
    public void TheCodeIsTheEncodersOutputOnStandardizedFeatures()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var options = Small();
        options.ScoringBackend = ScoringBackend.Managed;
        var encoder = ml.Transforms.AutoencoderEncode("Code", options).Fit(train);
        AutoencoderModelParameters model = encoder.Model;
        Assert.AreEqual(3, model.BottleneckSize);
        Assert.IsInstanceOfType<Activation>(model.Network.Layers[model.EncoderLayerCount - 2], "the code is taken after the bottleneck's activation");

        var rows = ml.Data.CreateEnumerable<Coded>(encoder.Transform(test), false).ToArray();
        float[] z = [.. rows.SelectMany(r => r.Features.Select((v, i) => (v - model.FeatureMeans[i]) / model.FeatureScales[i]))];
        float[] expected = EncoderOutputs(model, z, rows.Length);
        CollectionAssert.AreEqual(expected, rows.SelectMany(r => r.Code).ToArray(), new Tolerance(1e-5f), "Code = encoder(standardized features)");
    }

    [TestMethod]
    public void BadInputIsRejectedWithAClearMessage()
    {
        var ml = new MLContext(1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(contamination: 0.7));
        Assert.ThrowsExactly<ArgumentException>(() => ml.AnomalyDetection.Trainers.Autoencoder(encoderLayers: []));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { NoiseStandardDeviation = -1 }));

        IDataView withNaN = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new SatelliteData.Row { Features = [.. Enumerable.Repeat(i == 6 ? float.NaN : i, 36)] }));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.AnomalyDetection.Trainers.Autoencoder(epochs: 1).Fit(withNaN));
        StringAssert.Contains(error.Message, "row 6");

        var (train, _) = TrainerData.Split(ml, "breast-cancer");
        var model = ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train);
        var wrongWidth = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(withNaN));
        StringAssert.Contains(wrongWidth.Message, "Vector<Single, 9>");
    }

    // The encoder's output: the trained network's first layers run one by one in scoring mode.
    private static float[] EncoderOutputs(AutoencoderModelParameters model, float[] z, int rows)
    {
        var x = new Tensor(model.Network.InputShape.WithBatch(rows), z);
        RunContext context = RunContext.Inference();
        foreach (Layer layer in model.Network.Layers.Take(model.EncoderLayerCount))
        {
            x = layer.Forward(x, context);
        }

        return x.Span.ToArray();
    }

    private static float[] Values(IDataView scored, string column)
    {
        DataViewSchema.Column c = scored.Schema[column];
        using DataViewBatchCursor cursor = scored.GetBatchCursor([c]);
        var values = new List<float>();
        while (cursor.MoveNext())
        {
            values.AddRange(cursor.Batch.GetColumn<float>(c).Values);
        }

        return [.. values];
    }

    private sealed class Tolerance(float epsilon) : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) <= epsilon ? 0 : 1;
    }

    private sealed class Scored
    {
        public float[] Features { get; set; } = [];

        public float Score { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private sealed class Coded
    {
        public float[] Features { get; set; } = [];

        public float[] Code { get; set; } = [];
    }
}
