using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Autoencoder;

/// <summary>The autoencoder anomaly detector as an ML.NET anomaly detection trainer: ML.NET's anomaly prediction
/// transformer and evaluator, pipelines of ML.NET's transforms, a second process, seeds, explanations, thresholds and
/// bad input.</summary>
[TestClass]
public sealed class AutoencoderTrainerTests
{
    /// <summary>Small, quick options.</summary>
    internal static AutoencoderOptions Small(int? seed = 7, string features = "Features") => new()
    {
        FeatureColumnName = features,
        EncoderLayers = [8, 3],
        Epochs = 5,
        BatchSize = 16,
        Seed = seed,
    };

    /// <summary>breast-cancer split 80/20, its missing values replaced by ML.NET's ReplaceMissingValues (fitted on the
    /// training part).</summary>
    internal static (IDataView Train, IDataView Test) BreastCancer(MLContext ml)
    {
        var (train, test) = AnomalyData.Split(ml, AnomalyData.BreastCancer(ml));
        ITransformer replace = ml.Transforms.ReplaceMissingValues("Features").Fit(train);
        return (ml.Data.Cache(replace.Transform(train)), ml.Data.Cache(replace.Transform(test)));
    }

    [TestMethod]
    public void SatelliteAnomaliesRankAboveNormalRowsAndContaminationSetsTheThreshold()
    {
        // ODDS protocol: trained on every row without labels, the three smallest classes the anomalies. Measured 0.700
        // with seed 1 (0.681 when the error was taken on z-scores); scikit-learn's IsolationForest gives 0.671-0.728 on
        // the same rows over seeds 0-2.
        var ml = new MLContext(1);
        IDataView data = ml.Data.Cache(AnomalyData.Satellite(ml));
        AnomalyPredictionTransformer<AutoencoderModelParameters> model = ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Seed = 1 }).Fit(data);
        IDataView scored = model.Transform(data);
        AnomalyDetectionMetrics metrics = ml.AnomalyDetection.Evaluate(scored);
        Assert.IsGreaterThanOrEqualTo(0.67, metrics.AreaUnderRocCurve, "satellite ROC AUC");

        float[] scores = TrainerData.Scores(scored);
        bool[] labels = [.. scored.GetColumn<bool>("PredictedLabel")];
        Assert.AreEqual(0.1, labels.Count(l => l) / (double)labels.Length, 1.0 / labels.Length, "the default contamination flags 10 % of the training rows");
        CollectionAssert.AreEqual(scores.Select(s => s > model.Model.TrainingThreshold).ToArray(), labels, "PredictedLabel = Score > threshold");
        double[] losses = [.. model.Model.History.Epochs.Select(e => e.Loss)];
        Assert.HasCount(10, losses, "PyOD's 10 epochs");
        Assert.IsLessThan(losses[0], losses[^1], "the reconstruction loss falls");
    }

    [TestMethod]
    public void TrainedOnNormalRowsOnlyItRanksHeldOutAnomaliesHigher()
    {
        // Semi-supervised protocol: trained on the normal rows of the training part, evaluated on the whole test part.
        // Measured 0.831.
        var ml = new MLContext(1);
        var (train, test) = AnomalyData.Split(ml, AnomalyData.Satellite(ml));
        var model = ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { Seed = 1 }).Fit(ml.Data.Cache(AnomalyData.Normal(ml, train)));
        AnomalyDetectionMetrics metrics = ml.AnomalyDetection.Evaluate(model.Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.8, metrics.AreaUnderRocCurve, "held-out satellite ROC AUC, trained on normal rows");
    }

    [TestMethod]
    public void APipelineOfMlNetTransformsEvaluatesAndScoresTheSameInASecondProcess()
    {
        var ml = new MLContext(1);
        IDataView raw = AnomalyData.BreastCancer(ml, new TextLoader.Column("Cell", DataKind.Single, 0, 4), new TextLoader.Column("Nuclei", DataKind.Single, 5, 8));
        var (train, test) = AnomalyData.Split(ml, raw);
        var pipeline = ml.Transforms.ReplaceMissingValues("Nuclei")
            .Append(ml.Transforms.Concatenate("Features", "Cell", "Nuclei"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.AnomalyDetection.Trainers.Autoencoder(Small()));
        TransformerChain<AnomalyPredictionTransformer<AutoencoderModelParameters>> model = pipeline.Fit(train);
        IDataView scored = model.Transform(test);

        AnomalyDetectionMetrics metrics = ml.AnomalyDetection.Evaluate(scored);
        Assert.IsGreaterThanOrEqualTo(0.95, metrics.AreaUnderRocCurve, "malignant tumours reconstruct worse than benign ones (measured 0.974)");
        Assert.IsGreaterThan(0.0, metrics.DetectionRateAtFalsePositiveCount, "ML.NET's detection rate at 10 false positives");

        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        CollectionAssert.AreEqual(TrainerData.Scores(scored), TrainerData.Scores(child), "Score in the second process");
        CollectionAssert.AreEqual(scored.GetColumn<bool>("PredictedLabel").ToArray(), child.GetColumn<bool>("PredictedLabel").ToArray(), "PredictedLabel in the second process");
    }

    [TestMethod]
    public void TheSeedOrTheMLContextsReproducesAModel()
    {
        var ml = new MLContext(1);
        var (train, test) = BreastCancer(ml);
        SeedChecks.Reproduce(ml, (context, seed) => TrainerData.Scores(context.AnomalyDetection.Trainers.Autoencoder(Small(seed)).Fit(train).Transform(test)));
    }

    [TestMethod]
    public void FeatureErrorsAreSquaredReconstructionErrorsInTheFeaturesScaleAndAverageToTheScore()
    {
        var ml = new MLContext(1);
        var (train, test) = BreastCancer(ml);
        var model = ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train);
        AutoencoderModelParameters autoencoder = model.Model;
        IDataView scored = model.Transform(test);
        float[][] rows = [.. scored.GetColumn<float[]>("Features")];
        float[] scores = TrainerData.Scores(scored);
        for (int r = 0; r < rows.Length; r++)
        {
            // The reconstruction, by the network on z-scores, mapped back with the training means and deviations.
            float[] z = [.. rows[r].Select((v, i) => (v - autoencoder.FeatureMeans[i]) / autoencoder.FeatureScales[i])];
            float[] reconstruction = [.. autoencoder.Network.Predict(z, 1).Select((v, i) => (v * autoencoder.FeatureScales[i]) + autoencoder.FeatureMeans[i])];
            float[] errors = autoencoder.GetFeatureErrors(rows[r]);
            Assert.HasCount(9, errors);
            for (int i = 0; i < errors.Length; i++)
            {
                float expected = (rows[r][i] - reconstruction[i]) * (rows[r][i] - reconstruction[i]);
                Assert.AreEqual(expected, errors[i], 1e-4 * Math.Max(1, expected), $"row {r}, feature {i}");
            }

            Assert.AreEqual(scores[r], errors.Average(), 1e-5 * Math.Max(1, scores[r]), $"row {r}: Score = mean feature error");
        }

        var wrongWidth = Assert.ThrowsExactly<ArgumentException>(() => autoencoder.GetFeatureErrors(new float[8]));
        StringAssert.Contains(wrongWidth.Message, "takes 9 features; got 8");
        var notFinite = Assert.ThrowsExactly<ArgumentException>(() => autoencoder.GetFeatureErrors([1, 2, float.NaN, 4, 5, 6, 7, 8, 9]));
        StringAssert.Contains(notFinite.Message, "slot 2 is NaN");
    }

    [TestMethod]
    public void ChangeModelThresholdRelabelsAndTheNewThresholdIsSaved()
    {
        var ml = new MLContext(1);
        var (train, test) = BreastCancer(ml);
        var model = ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train);
        float[] scores = TrainerData.Scores(model.Transform(test));
        float median = scores.Order().ElementAt(scores.Length / 2);
        Assert.AreNotEqual(model.Model.TrainingThreshold, median);

        AnomalyPredictionTransformer<AutoencoderModelParameters> changed = ml.AnomalyDetection.ChangeModelThreshold(model, median);
        IDataView relabelled = changed.Transform(test);
        bool[] labels = [.. relabelled.GetColumn<bool>("PredictedLabel")];
        CollectionAssert.AreEqual(scores.Select(s => s > median).ToArray(), labels, "PredictedLabel = Score > the new threshold");
        CollectionAssert.AreEqual(scores.Select(s => s > model.Model.TrainingThreshold).ToArray(), model.Transform(test).GetColumn<bool>("PredictedLabel").ToArray(), "the original keeps its threshold");
        Assert.AreEqual(model.Model.TrainingThreshold, changed.Model.TrainingThreshold, "the model's training threshold is left as it was");

        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, changed, test, files);
        CollectionAssert.AreEqual(labels, child.GetColumn<bool>("PredictedLabel").ToArray(), "the new threshold in the second process");

        // Loaded, the transformer's model is typed IPredictorProducing<float>, internal to ML.NET; the model is reached
        // through ML.NET's public covariant interface.
        ml.Model.Save(changed, test.Schema, files.PathOf("changed.zip"));
        var loaded = (ISingleFeaturePredictionTransformer<object>)ml.Model.Load(files.PathOf("changed.zip"), out _);
        Assert.AreEqual(model.Model.TrainingThreshold, ((AutoencoderModelParameters)loaded.Model).TrainingThreshold);
        CollectionAssert.AreEqual(labels, loaded.Transform(test).GetColumn<bool>("PredictedLabel").ToArray(), "the new threshold after loading");
    }

    [TestMethod]
    public void ASetThresholdReplacesTheContaminations()
    {
        var ml = new MLContext(1);
        var (train, test) = BreastCancer(ml);
        float[] scores = TrainerData.Scores(ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train).Transform(test));
        float median = scores.Order().ElementAt(scores.Length / 2);
        AutoencoderOptions options = Small();
        options.Threshold = median;
        var model = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(train);
        Assert.AreEqual(median, model.Model.TrainingThreshold);
        IDataView scored = model.Transform(test);
        bool[] labels = [.. scored.GetColumn<bool>("PredictedLabel")];
        CollectionAssert.AreEqual(TrainerData.Scores(scored).Select(s => s > median).ToArray(), labels);
        Assert.IsTrue(labels.Any(l => l) && labels.Any(l => !l), "both labels occur at this threshold");

        // The contamination's threshold: the 0.8 quantile of the training rows' scores with contamination 0.2.
        options.Threshold = null;
        options.Contamination = 0.2;
        var quantile = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(train);
        float[] trainScores = TrainerData.Scores(quantile.Transform(train));
        Assert.AreEqual(0.2, trainScores.Count(s => s > quantile.Model.TrainingThreshold) / (double)trainScores.Length, 1.0 / trainScores.Length);
    }

    [TestMethod]
    public void WeightsWeighTheReconstructionLossAndAValidationSetIsScoredEveryEpoch()
    {
        var ml = new MLContext(1);
        var (train, test) = BreastCancer(ml);
        var weighted = ml.Transforms.CustomMapping<LabelRow, WeightRow>((row, w) => w.Weight = row.Label > 0.5f ? 0f : 1f, null).Fit(train).Transform(train);
        AutoencoderOptions options = Small();
        options.ExampleWeightColumnName = "Weight";
        float[] unweighted = TrainerData.Scores(ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train).Transform(test));
        float[] normalOnly = TrainerData.Scores(ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(weighted).Transform(test));
        CollectionAssert.AreNotEqual(unweighted, normalOnly, "zero weights on the anomalies change the model");

        var validated = ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train, test);
        Assert.IsTrue(validated.Model.History.Epochs.All(e => double.IsFinite(e.ValidationLoss)), "a validation loss every epoch");
    }

    [TestMethod]
    public void DenoisingAddsNoiseOnlyWhileTraining()
    {
        var ml = new MLContext(1);
        var (train, test) = BreastCancer(ml);
        AutoencoderOptions options = Small();
        options.NoiseStandardDeviation = 0.5f;
        var model = ml.AnomalyDetection.Trainers.Autoencoder(options).Fit(train);
        Assert.IsInstanceOfType<GaussianNoise>(model.Model.Network.Layers[0]);
        CollectionAssert.AreEqual(TrainerData.Scores(model.Transform(test)), TrainerData.Scores(model.Transform(test)), "scoring adds no noise");
        CollectionAssert.AreNotEqual(TrainerData.Scores(ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train).Transform(test)), TrainerData.Scores(model.Transform(test)),
            "the noise changes training");
    }

    [TestMethod]
    public void BadInputIsRejectedNamingTheColumnOrTheValue()
    {
        var ml = new MLContext(1);
        foreach (double contamination in new[] { 0, 0.7, double.NaN })
        {
            var outside = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(contamination: contamination));
            StringAssert.Contains(outside.Message, "Contamination");
            StringAssert.Contains(outside.Message, contamination.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.ThrowsExactly<ArgumentException>(() => ml.AnomalyDetection.Trainers.Autoencoder(encoderLayers: []));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(encoderLayers: [4, 0])).Message, "[4, 0]");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(new AutoencoderOptions { NoiseStandardDeviation = -1 })).Message,
            "NoiseStandardDeviation");

        // A feature column of another type, or missing, is named.
        IDataView doubles = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new DoubleRow { Features = [i, i * 2.0, 1] }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(doubles)).Message, "Features");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.AnomalyDetection.Trainers.Autoencoder(Small(features: "Nope")).Fit(doubles)).Message, "Nope");

        // NaN in training features: column, row and slot.
        IDataView withNaN = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new FloatRow { Features = [i, i == 6 ? float.NaN : i * 2f, 1] }));
        var nan = Assert.ThrowsExactly<InvalidDataException>(() => ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(withNaN));
        StringAssert.Contains(nan.Message, "Column 'Features', row 6, slot 1");

        // NaN when scoring: the slot and value (a NaN score would be labelled normal).
        IDataView clean = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new FloatRow { Features = [i, i * 2f, 1] }));
        var model = ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(clean);
        StringAssert.Contains(Failures.Find<InvalidDataException>(() => TrainerData.Scores(model.Transform(withNaN))).Message, "slot 1 is NaN");

        // A negative weight: column and row.
        IDataView negative = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new FloatRow { Features = [i, i * 2f, 1], Weight = i == 4 ? -1 : 1 }));
        AutoencoderOptions weighted = Small();
        weighted.ExampleWeightColumnName = "Weight";
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ml.AnomalyDetection.Trainers.Autoencoder(weighted).Fit(negative)).Message, "Weight column 'Weight', row 4");

        // Features of another width than the model's when scoring: ML.NET's binding names both types.
        var (train, _) = BreastCancer(ml);
        var breast = ml.AnomalyDetection.Trainers.Autoencoder(Small()).Fit(train);
        var wrongWidth = Assert.ThrowsExactly<InvalidOperationException>(() => breast.Transform(clean));
        StringAssert.Contains(wrongWidth.Message, "Vector<Single, 9>");
    }

    private sealed class LabelRow
    {
        public float Label { get; set; }
    }

    private sealed class WeightRow
    {
        public float Weight { get; set; }
    }

    private sealed class DoubleRow
    {
        [VectorType(3)]
        public double[] Features { get; set; } = [];
    }

    private sealed class FloatRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Weight { get; set; } = 1;
    }
}
