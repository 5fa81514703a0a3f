using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

[TestClass]
public sealed class StackingTests
{
    [TestMethod]
    public void TheFoldsAreScikitLearnsStratifiedKFoldAndKFold()
    {
        // test/TestData/ensemble-goldens.json: eng/golden/make_ensemble_goldens.py (scikit-learn's test folds, unshuffled).
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(Path.Combine("TestData", "ensemble-goldens.json")));
        int cases = 0;
        foreach (JsonElement c in golden.RootElement.GetProperty("cases").EnumerateArray())
        {
            string file = c.GetProperty("file").GetString()!;
            int k = c.GetProperty("k").GetInt32();
            int[] expected = [.. c.GetProperty("folds").EnumerateArray().Select(f => f.GetInt32())];
            string[] labels = [.. File.ReadLines(Path.Combine("TestData", file)).Skip(1).Select(line => line[(line.LastIndexOf(',') + 1)..])];
            var codes = new Dictionary<string, int>();
            int[] classes = [.. labels.Select(l => codes.TryGetValue(l, out int code) ? code : codes[l] = (codes.Count * 7) % 11)];
            int[] actual = c.GetProperty("task").GetString() == "classification" ? EnsembleFolds.Stratified(classes, k, null) : EnsembleFolds.Contiguous(labels.Length, k, null);
            CollectionAssert.AreEqual(expected, actual, $"{file}, {k} folds");
            cases++;

            // Shuffled, the folds keep each class's count per fold, follow the seed, and move rows.
            if (c.GetProperty("task").GetString() == "classification")
            {
                int[] shuffled = EnsembleFolds.Stratified(classes, k, new Random(5));
                CollectionAssert.AreEqual(shuffled, EnsembleFolds.Stratified(classes, k, new Random(5)), "the same seed, the same folds");
                CollectionAssert.AreNotEqual(expected, shuffled, "shuffled folds differ");
                CollectionAssert.AreEquivalent(Counts(classes, expected, k), Counts(classes, shuffled, k), "each fold keeps its share of every class");
            }
        }

        Assert.AreEqual(7, cases);
    }

    [TestMethod]
    public void TheMetaModelLearnsOnOutOfFoldProbabilitiesAndTheMembersOnAllTheRows()
    {
        // Deterministic members (FastTree; L-BFGS on one thread) reproduced by hand: each fold's copy trained on the other
        // folds' rows, its probabilities of the held-out rows, the default meta-learner on them.
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        IEstimator<ISingleFeaturePredictionTransformer<object>> Tree() => t.FastTree(numberOfLeaves: 4, numberOfTrees: 10);
        IEstimator<ISingleFeaturePredictionTransformer<object>> Linear() => t.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 });
        var model = t.Stacking([Tree(), Linear()], numberOfFolds: 3).Fit(train);

        Row[] rows = [.. ml.Data.CreateEnumerable<Row>(train, false)];
        int[] folds = EnsembleFolds.Stratified([.. rows.Select(r => r.Label ? 1 : 0)], 3, null);
        float[][] outOfFold = [.. rows.Select(_ => new float[2])];
        for (int f = 0; f < 3; f++)
        {
            IDataView others = Load(ml, rows.Where((_, r) => folds[r] != f));
            int[] heldOut = [.. Enumerable.Range(0, rows.Length).Where(r => folds[r] == f)];
            IDataView held = Load(ml, heldOut.Select(r => rows[r]));
            var members = new[] { Tree().Fit(others), Linear().Fit(others) };
            for (int m = 0; m < 2; m++)
            {
                float[] p = TrainerData.Scores(members[m].Transform(held), "Probability");
                for (int i = 0; i < heldOut.Length; i++)
                {
                    outOfFold[heldOut[i]][m] = p[i];
                }
            }
        }

        IDataView metaData = ml.Data.LoadFromEnumerable(rows.Select((r, i) => new MetaRow { Features = outOfFold[i], Label = r.Label }));
        var meta = t.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { L1Regularization = 0, L2Regularization = 1, NumberOfThreads = 1 }).Fit(metaData);
        var expected = meta.Model.SubModel;
        var actual = ((CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>)model.Model.MetaModel!.Model).SubModel;
        Assert.HasCount(2, actual.Weights, "the meta-model reads one probability per member");
        for (int j = 0; j < 2; j++)
        {
            Assert.AreEqual(expected.Weights[j], actual.Weights[j], 1e-4, $"meta-model weight {j}");
        }

        Assert.AreEqual(expected.Bias, actual.Bias, 1e-4, "meta-model bias");
        CollectionAssert.AreEqual(TrainerData.Scores(Tree().Fit(Load(ml, rows)).Transform(test)), TrainerData.Scores(model.Model.Members[0].Transform(test)), "the member is trained on all the rows");
    }

    [TestMethod]
    public void StackingOfMlpFastTreeAndLightGbmOnBreastCancerInAPipelineCrossValidatesAndExplains()
    {
        var ml = new MLContext(1);
        var (raw, preparation) = NamedFeatures.Load(ml, "breast-cancer", "breast-cancer.csv", textLabel: true);
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        var t = ml.BinaryClassification.Trainers;
        var pipeline = preparation.Append(t.Stacking([t.Mlp(new MlpOptions { HiddenLayers = [16], Epochs = 30 }), t.FastTree(), t.LightGbm()]));
        var model = pipeline.Fit(split.TrainSet);
        IDataView scored = model.Transform(split.TestSet);
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Console.WriteLine($"stacking AUC {metrics.AreaUnderRocCurve:F4}, accuracy {metrics.Accuracy:F4}, log loss {metrics.LogLoss:F4}");
        Assert.IsGreaterThanOrEqualTo(0.99, metrics.AreaUnderRocCurve, $"AUC {metrics.AreaUnderRocCurve:F4}");
        var meta = (CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>)model.LastTransformer.Model.MetaModel!.Model;
        Assert.HasCount(3, meta.SubModel.Weights, "ML.NET's logistic regression reads the three members' probabilities");
        Assert.IsTrue(meta.SubModel.Weights.All(w => w > 0), $"each member's probability raises the meta-model's: [{string.Join(", ", meta.SubModel.Weights)}]");

        // The whole pipeline in a second process.
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, split.TestSet, files);
        CollectionAssert.AreEqual(TrainerData.Scores(scored, "Probability"), TrainerData.Scores(child, "Probability"));

        // ML.NET's cross-validation of the pipeline.
        var folds = ml.BinaryClassification.CrossValidate(raw, pipeline, numberOfFolds: 3, seed: 1);
        Assert.IsTrue(folds.All(f => f.Metrics.AreaUnderRocCurve > 0.97), $"every fold learns: AUC {string.Join(", ", folds.Select(f => f.Metrics.AreaUnderRocCurve.ToString("F3")))}");

        // ML.NET's permutation feature importance of the prediction transformer (the generic overload, and the one over
        // any model, by slot name), on the prepared test rows.
        IDataView prepared = model.Take(model.Count() - 1).Aggregate(split.TestSet, (data, transformer) => transformer.Transform(data));
        var bySlot = ml.BinaryClassification.PermutationFeatureImportance(model.LastTransformer, prepared, permutationCount: 2);
        Assert.HasCount(9, bySlot);
        Assert.IsTrue(bySlot.Max(m => -m.AreaUnderRocCurve.Mean) > 0.001, "permuting some feature lowers the AUC");
        var byName = ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(model.LastTransformer, prepared);
        CollectionAssert.IsSubsetOf(new[] { "Cl.thickness", "Cell.size", "Mitoses" }, byName.Keys.ToArray());
        Assert.IsTrue(byName.Values.Max(m => -m.AreaUnderRocCurve.Mean) > 0.001, "permuting some feature lowers the AUC");
    }

    [TestMethod]
    public void AnyTrainerCanBeTheMetaLearnerAndOneWithoutProbabilityIsCalibrated()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        var model = t.Stacking([t.FastTree(numberOfTrees: 10), t.LightGbm(numberOfIterations: 10), EnsembleCases.Mlp(ml, "binary")], metaLearner: t.AveragedPerceptron(), numberOfFolds: 3).Fit(train);
        Assert.IsInstanceOfType<CalibratedModelParametersBase>(model.Model.MetaModel!.Model, "the perceptron meta-model is calibrated by Platt");
        IDataView scored = model.Transform(test);
        float[] scores = TrainerData.Scores(scored), probabilities = TrainerData.Scores(scored, "Probability");
        int[] order = [.. Enumerable.Range(0, scores.Length).OrderBy(i => scores[i])];
        Assert.IsTrue(order.Zip(order.Skip(1)).All(p => probabilities[p.First] <= probabilities[p.Second]), "the probability rises with the perceptron's score");
        Assert.IsGreaterThanOrEqualTo(0.98, ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve);

        using var files = new TempFiles();
        CollectionAssert.AreEqual(probabilities, TrainerData.Scores(ModelHost.ScoreInChildProcess(ml, model, test, files), "Probability"));
        string path = files.PathOf("perceptron-meta.onnx");
        IDataView onnx = EnsembleOnnx.ScoreThroughOnnx(ml, model, EnsembleOnnx.FeaturesOnly(ml, test), path);
        EnsembleOnnx.AssertPassesChecker(path);
        EnsembleOnnxTests.AssertSameOutputs(scored, onnx, EnsembleCases.Outputs("binary"));
    }

    [TestMethod]
    public void MulticlassStackingReadsEveryClassScoreOfEveryMemberAndThePassedThroughFeatures()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var m = ml.MulticlassClassification.Trainers;
        var model = m.Stacking([EnsembleCases.Mlp(ml, "multiclass", hidden: [8]), m.LbfgsMaximumEntropy()], numberOfFolds: 4, passthrough: true).Fit(train);
        VBuffer<float>[] weights = [];
        ((MaximumEntropyModelParameters)model.Model.MetaModel!.Model).GetWeights(ref weights, out int classes);
        Assert.AreEqual(3, classes);
        Assert.AreEqual(3 + 3 + 4, weights[0].Length, "the meta-model reads 3 class probabilities per member, then the 4 features");
        Assert.IsGreaterThanOrEqualTo(0.9, ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy);

        // ML.NET's permutation feature importance of a multiclass ensemble.
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, test);
        Assert.HasCount(4, importance);
        Assert.IsTrue(importance.Max(s => -s.MicroAccuracy.Mean) > 0, "permuting some feature lowers the accuracy");
    }

    [TestMethod]
    public void RegressionStackingExplainsAndShufflesItsFoldsWhenAsked()
    {
        var ml = new MLContext(1);
        var (raw, preparation) = NamedFeatures.Load(ml, "boston-housing", "boston-housing.csv", textLabel: false);
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        ITransformer prepare = preparation.Fit(split.TrainSet);
        IDataView train = prepare.Transform(split.TrainSet), test = prepare.Transform(split.TestSet);
        var r = ml.Regression.Trainers;
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members = [r.FastTree(numberOfTrees: 20), r.Sdca(), EnsembleCases.Mlp(ml, "regression", hidden: [8])];
        var model = r.Stacking(members).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.8, metrics.RSquared, $"R² {metrics.RSquared:F3}");
        var importance = ml.Regression.PermutationFeatureImportance((ITransformer)model, test);
        Assert.HasCount(13, importance);
        Assert.IsTrue(importance["lstat"].RootMeanSquaredError.Mean > 0.1, $"permuting lstat raises the error: {importance["lstat"].RootMeanSquaredError.Mean:F3}");

        var shuffled = r.Stacking(new StackingOptions { Members = members, ShuffleFolds = true, Seed = 4 }).Fit(train);
        CollectionAssert.AreNotEqual(TrainerData.Scores(model.Transform(test)), TrainerData.Scores(shuffled.Transform(test)), "other folds, another meta-model");
    }

    private static IDataView Load(MLContext ml, IEnumerable<Row> rows) =>
        ml.Data.LoadFromEnumerable(rows.ToList(), SchemaOf<Row>(9));

    private static SchemaDefinition SchemaOf<T>(int size)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(T));
        definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return definition;
    }

    // Each class's row count per fold, as (class, fold, count) triples.
    private static string[] Counts(int[] classes, int[] folds, int k) =>
        [.. classes.Zip(folds).GroupBy(p => p).Select(g => $"{g.Key.First}/{g.Key.Second}:{g.Count()}")];

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class MetaRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
