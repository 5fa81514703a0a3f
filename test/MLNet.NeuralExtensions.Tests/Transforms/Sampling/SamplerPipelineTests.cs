using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Sampling.SamplingData;

namespace MLNet.NeuralExtensions.Tests.Transforms.Sampling;

/// <summary>The samplers in ML.NET pipelines: what the estimators after them are fitted on, scoring, save and load in
/// another process, ONNX export, and ML.NET's own trainers and evaluators on imbalanced data.</summary>
[TestClass]
public sealed class SamplerPipelineTests
{
    private static readonly string[] s_pimaColumns = ["pregnant", "glucose", "pressure", "triceps", "insulin", "mass", "pedigree", "age"];
    private static readonly string[] s_glassColumns = ["RI", "Na", "Mg", "Al", "Si", "K", "Ca", "Ba", "Fe"];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TheEstimatorsAfterTheSamplerAreFittedOnTheResampledRowsAndScoringPassesThrough()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows("three");
        IDataView data = Load(ml, rows);
        ResamplingEstimator sampler = ml.Transforms.OverSampleSmote(seed: 4);
        var model = sampler.Append(ml.Transforms.NormalizeMeanVariance("Normalized", "Features", fixZero: false)).Fit(data);

        var normalizer = (NormalizingTransformer.AffineNormalizerModelParameters<System.Collections.Immutable.ImmutableArray<float>>)model.LastTransformer.GetNormalizerModelParameters(0);
        float[][] resampled = [.. Read(ml, sampler.Fit(data).Resample(data)).Select(r => r.Features)];
        Assert.AreEqual(180, resampled.Length);
        for (int slot = 0; slot < 2; slot++)
        {
            Assert.AreEqual(resampled.Average(f => f[slot]), normalizer.Offset[slot], 1e-5, $"slot {slot}: the normalizer's mean is the resampled rows'");
            Assert.AreNotEqual(rows.Average(r => r.Features[slot]), normalizer.Offset[slot], 1e-3, $"slot {slot}: not the source rows'");
        }

        // Scoring: one output row per input row, features unchanged, no label needed.
        IDataView unlabelled = ml.Transforms.DropColumns("Label").Fit(data).Transform(data);
        IDataView scored = model.Transform(unlabelled);
        Assert.AreEqual(rows.Length, scored.GetColumn<int>("Id").Count());
        CollectionAssert.AreEqual(rows.SelectMany(r => r.Features).ToArray(), scored.GetColumn<float[]>("Features").SelectMany(f => f).ToArray());
        var engine = ml.Model.CreatePredictionEngine<SampleRow, Normalized>(model, inputSchemaDefinition: Schema(2));
        Assert.AreEqual(2, engine.Predict(rows[0]).Values.Length);
    }

    [TestMethod]
    public void ASavedPipelineWithASamplerScoresTheSameInAnotherProcess()
    {
        var ml = new MLContext(1);
        var (train, test) = Pima(ml);
        var model = PimaPipeline(ml, ml.Transforms.OverSampleSmote(seed: 1)).Fit(train);
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        using var more = new TempFiles();
        float[] expected = [.. model.Transform(test).GetColumn<float>("Probability")];
        CollectionAssert.AreEqual(expected, child.GetColumn<float>("Probability").ToArray());
        Assert.AreEqual(expected.Length, test.GetColumn<float>("glucose").Count(), "one scored row per input row");

        // The sampler alone: the loaded model passes the rows through, and reads back with its settings.
        IDataView rows = Load(ml, Rows("three"));
        ResamplingTransformer sampler = ml.Transforms.OverSampleBorderlineSmote(kind: BorderlineSmoteKind.Borderline2, seed: 9).Fit(rows);
        IDataView identity = ModelHost.ScoreInChildProcess(ml, sampler, rows, more);
        CollectionAssert.AreEqual(Read(ml, rows).SelectMany(r => r.Features).ToArray(), Read(ml, identity).SelectMany(r => r.Features).ToArray());
        ml.Model.Save(sampler, rows.Schema, more.PathOf("sampler.zip"));
        var loaded = (ResamplingTransformer)ml.Model.Load(more.PathOf("sampler.zip"), out _);
        CollectionAssert.AreEqual(Read(ml, sampler.Resample(rows)).SelectMany(r => r.Features).ToArray(), Read(ml, loaded.Resample(rows)).SelectMany(r => r.Features).ToArray(), "the loaded sampler resamples as the saved one");
    }

    [TestMethod]
    public void APipelineWithASamplerExportsToOnnxWithTheSamplerAsIdentity()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows("overlap").Select(r => new BooleanRow { Label = r.Label == "True", Features = r.Features }));
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Transforms.OverSampleSmote(seed: 2))
            .Append(ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 20)).Fit(data);
        using var files = new TempFiles();
        using (FileStream stream = File.Create(files.PathOf("model.onnx")))
        {
            ml.Model.ConvertToOnnx(model, data, stream);
        }

        var onnx = ml.Transforms.ApplyOnnxModel(files.PathOf("model.onnx")).Fit(data);
        float[] expected = [.. model.Transform(data).GetColumn<float>("Score")];
        float[] actual = [.. onnx.Transform(data).GetColumn<float[]>("Score").Select(v => v[0])];
        Assert.AreEqual(300, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-4, $"row {i}");
        }

        onnx.Dispose();
    }

    [TestMethod]
    public void SmoteBeforeFastTreeRaisesTheMinorityRecallOnPima()
    {
        var ml = new MLContext(1);
        var (train, test) = Pima(ml);
        ResamplingEstimator smote = ml.Transforms.OverSampleSmote(seed: 1);
        var withSmote = PimaPipeline(ml, smote).Fit(train);
        var without = PimaPipeline(ml, null).Fit(train);
        var a = ml.BinaryClassification.Evaluate(withSmote.Transform(test));
        var b = ml.BinaryClassification.Evaluate(without.Transform(test));
        TestContext.WriteLine($"Pima, FastTree: minority (pos) recall {b.PositiveRecall:F3} → {a.PositiveRecall:F3} with SMOTE; F1 {b.F1Score:F3} → {a.F1Score:F3}; AUC {b.AreaUnderRocCurve:F3} → {a.AreaUnderRocCurve:F3}");
        Assert.IsTrue(a.PositiveRecall > b.PositiveRecall + 0.05, $"recall {b.PositiveRecall:F3} → {a.PositiveRecall:F3}");
        Assert.IsTrue(a.AreaUnderRocCurve > 0.75);

        // FastTree in the pipeline was fitted on exactly the rows the sampler returns.
        ITransformer prep = PimaPreparation(ml).Fit(train);
        IDataView prepared = prep.Transform(train);
        var direct = ml.BinaryClassification.Trainers.FastTree().Fit(smote.Fit(prepared).Resample(prepared));
        CollectionAssert.AreEqual(withSmote.Transform(test).GetColumn<float>("Score").ToArray(), direct.Transform(prep.Transform(test)).GetColumn<float>("Score").ToArray());
    }

    [TestMethod]
    public void SmoteBeforeSdcaMaximumEntropyRaisesTheRecallOfGlasssSmallClasses()
    {
        var ml = new MLContext(1);
        IDataView glass = ml.Data.LoadFromTextFile(Path.Combine("TestData", "glass.csv"),
            [.. s_glassColumns.Select((c, i) => new TextLoader.Column(c, DataKind.Single, i)), new TextLoader.Column("Type", DataKind.String, 9)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var split = ml.Data.TrainTestSplit(glass, testFraction: 0.4, seed: 3);
        IEstimator<ITransformer> Pipeline(bool smote)
        {
            var prep = ml.Transforms.Conversion.MapValueToKey("Label", "Type", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Append(ml.Transforms.Concatenate("Features", s_glassColumns))
                .Append(ml.Transforms.NormalizeMeanVariance("Features"));
            var trainer = ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 50);
            return smote ? prep.Append(ml.Transforms.OverSampleSmote(numberOfNeighbors: 3, seed: 1)).AppendCacheCheckpoint(ml).Append(trainer) : prep.Append(trainer);
        }

        // Classes "3", "5" and "6" (17, 13 and 9 of 214 rows): their recall pooled from ML.NET's confusion matrix.
        double SmallClassRecall(bool smote)
        {
            var metrics = ml.MulticlassClassification.Evaluate(Pipeline(smote).Fit(split.TrainSet).Transform(split.TestSet));
            int[] small = [2, 3, 4];
            double hit = small.Sum(c => metrics.ConfusionMatrix.Counts[c][c]), total = small.Sum(c => metrics.ConfusionMatrix.Counts[c].Sum());
            TestContext.WriteLine($"Glass, SdcaMaximumEntropy{(smote ? " after SMOTE" : "")}: small-class recall {hit / total:F3} ({hit} of {total}), macro accuracy {metrics.MacroAccuracy:F3}, micro accuracy {metrics.MicroAccuracy:F3}");
            return hit / total;
        }

        double without = SmallClassRecall(false), with = SmallClassRecall(true);
        Assert.IsTrue(with > without, $"small-class recall {without:F3} → {with:F3}");
    }

    internal static (IDataView Train, IDataView Test) Pima(MLContext ml)
    {
        IDataView pima = ml.Data.LoadFromTextFile(Path.Combine("TestData", "pima-diabetes.csv"),
            [.. s_pimaColumns.Select((c, i) => new TextLoader.Column(c, DataKind.Single, i)), new TextLoader.Column("diabetes", DataKind.String, 8)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var split = ml.Data.TrainTestSplit(pima, testFraction: 0.3, seed: 1);
        return (ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet));
    }

    /// <summary>Pima's preparation: the label ("pos" = true, the minority), missing measurements replaced by the mean,
    /// Concatenate, NormalizeMeanVariance.</summary>
    private static IEstimator<ITransformer> PimaPreparation(MLContext ml) =>
        ml.Transforms.Conversion.MapValue("Label", new[] { new KeyValuePair<string, bool>("pos", true), new KeyValuePair<string, bool>("neg", false) }, "diabetes")
            .Append(ml.Transforms.ReplaceMissingValues([.. s_pimaColumns.Select(c => new InputOutputColumnPair(c))], MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.Concatenate("Features", s_pimaColumns))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));

    private static IEstimator<ITransformer> PimaPipeline(MLContext ml, ResamplingEstimator? sampler)
    {
        var prep = PimaPreparation(ml);
        var trainer = ml.BinaryClassification.Trainers.FastTree();
        return sampler is null ? prep.Append(trainer) : prep.Append(sampler).Append(trainer);
    }

    public sealed class BooleanRow
    {
        public bool Label { get; set; }

        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Normalized
    {
        [ColumnName("Normalized")]
        public float[] Values { get; set; } = [];
    }
}
