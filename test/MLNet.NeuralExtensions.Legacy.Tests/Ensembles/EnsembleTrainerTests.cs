using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Ensembles;

[TestClass]
public sealed class EnsembleTrainerTests
{
    private static IEstimator<ISingleFeaturePredictionTransformer<object>> BinaryMlp(MLContext ml, int seed, int[]? hidden = null, int epochs = 5) =>
        ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = hidden ?? [16], Epochs = epochs, BatchSize = 32, Seed = seed });

    [TestMethod]
    public void SoftVotingOfThreeMlpsOnSpamIsAtLeastAsGoodAsTheAverageMember()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "spam");
        var model = ml.BinaryClassification.Trainers.Voting([BinaryMlp(ml, 1, [32]), BinaryMlp(ml, 2, [32]), BinaryMlp(ml, 3, [32])]).Fit(train);
        var ensemble = ml.BinaryClassification.Evaluate(model.Transform(test));
        var members = model.Model.Members.Select(m => ml.BinaryClassification.Evaluate(m.Transform(test))).ToArray();
        string report = $"ensemble log loss {ensemble.LogLoss:F4}, accuracy {ensemble.Accuracy:F4}; members {string.Join(", ", members.Select(m => $"{m.LogLoss:F4}/{m.Accuracy:F4}"))}";
        Assert.IsLessThanOrEqualTo(members.Average(m => m.LogLoss), ensemble.LogLoss, report);
        Assert.IsGreaterThanOrEqualTo(0.93, ensemble.Accuracy, report);
        Assert.IsTrue(members.Select(m => m.LogLoss).Distinct().Count() == 3, $"the seeds make three different members: {report}");
    }

    [TestMethod]
    public void SoftVotesAverageProbabilitiesAndHardVotesCountLabels()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members = [BinaryMlp(ml, 1, [2], 1), BinaryMlp(ml, 2, [2], 1), BinaryMlp(ml, 3, [2], 1)];
        float[] weights = [1, 2, 1];
        var soft = ml.BinaryClassification.Trainers.Voting(members, weights).Fit(train);
        var hard = ml.BinaryClassification.Trainers.Voting(members, weights, VotingKind.Hard).Fit(train);
        float[][] memberProbabilities = [.. soft.Model.Members.Select(m => TrainerConformanceTests.Scores(m.Transform(test), "Probability"))];
        float[] softProbabilities = TrainerConformanceTests.Scores(soft.Transform(test), "Probability");
        float[] hardProbabilities = TrainerConformanceTests.Scores(hard.Transform(test), "Probability");
        CollectionAssert.AreEqual(new[] { 0.25f, 0.5f, 0.25f }, soft.Model.Weights.ToArray(), "weights are scaled to sum to 1");
        bool splitVote = false;
        for (int i = 0; i < softProbabilities.Length; i++)
        {
            double mean = ((memberProbabilities[0][i] * 1.0) + (memberProbabilities[1][i] * 2.0) + memberProbabilities[2][i]) / 4;
            Assert.AreEqual(Math.Clamp(mean, 1e-7, 1 - 1e-7), softProbabilities[i], 1e-5, $"row {i}: soft probability is the weighted mean");
            double votes = ((memberProbabilities[0][i] > 0.5 ? 1 : 0) + (memberProbabilities[1][i] > 0.5 ? 2 : 0) + (memberProbabilities[2][i] > 0.5 ? 1 : 0)) / 4.0;
            Assert.AreEqual(Math.Clamp(votes, 1e-7, 1 - 1e-7), hardProbabilities[i], 1e-5, $"row {i}: hard probability is the weighted share of votes");
            splitVote |= votes is > 0 and < 1;
        }

        Assert.IsTrue(splitVote, "some rows split the members, so the vote counting is exercised");
    }

    [TestMethod]
    public void StackingTrainsAMetaModelOnOutOfFoldPredictionsInAWholePipeline()
    {
        var ml = new MLContext(1);
        IDataView raw = TrainerData.Raw(ml, "breast-cancer");
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        var pipeline = TrainerData.Preparation(ml, "breast-cancer")
            .Append(ml.BinaryClassification.Trainers.Stacking([BinaryMlp(ml, 1), BinaryMlp(ml, 2, [8, 8])], passthrough: true));
        var model = pipeline.Fit(split.TrainSet);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
        Assert.IsGreaterThanOrEqualTo(0.98, metrics.AreaUnderRocCurve, $"AUC {metrics.AreaUnderRocCurve:F4}");

        EnsembleModelParameters ensemble = model.LastTransformer.Model;
        Assert.AreEqual(EnsembleCombination.Stacking, ensemble.Combination);
        var meta = (BinaryPredictionTransformer<NeuralNetworkModelParameters>)ensemble.MetaModel!;
        Assert.AreEqual(2 + 9, meta.Model.Network.InputShape.Size, "the meta-model reads one probability per member and the 9 features");
        Assert.AreEqual(100, meta.Model.History.Epochs.Count, "the default meta-learner trains 100 epochs");
        Assert.IsTrue(meta.Model.History.Epochs[^1].Loss < meta.Model.History.Epochs[0].Loss, "the meta-learner's loss falls");

        ITransformer loaded = PipelineChecks.SaveAndLoad(ml, model, split.TrainSet);
        CollectionAssert.AreEqual(TrainerConformanceTests.Scores(model.Transform(split.TestSet)), TrainerConformanceTests.Scores(loaded.Transform(split.TestSet)));
        var folds = ml.BinaryClassification.CrossValidate(raw, pipeline, numberOfFolds: 3, seed: 1);
        Assert.IsTrue(folds.All(f => f.Metrics.AreaUnderRocCurve > 0.95), $"every fold learns: AUC {string.Join(", ", folds.Select(f => f.Metrics.AreaUnderRocCurve.ToString("F3")))}");
    }

    [TestMethod]
    public void ThePredictionEngineScoresOneRowAsTheBatchDoes()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var trainers = ml.MulticlassClassification.Trainers;
        var ensemble = trainers.Stacking(
            [trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 20, Seed = 1 }),
             trainers.Bagging(trainers.Mlp(new MlpOptions { HiddenLayers = [4, 4], Epochs = 20 }), numberOfMembers: 3)],
            numberOfFolds: 3,
            passthrough: true);
        var model = ensemble.Fit(train);
        Assert.IsGreaterThanOrEqualTo(0.9, ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy);
        var engine = ml.Model.CreatePredictionEngine<IrisRow, IrisScored>(model);
        IrisScored[] batch = [.. ml.Data.CreateEnumerable<IrisScored>(model.Transform(test), false)];
        IrisRow[] rows = [.. ml.Data.CreateEnumerable<IrisRow>(test, false)];
        for (int i = 0; i < rows.Length; i++)
        {
            IrisScored single = engine.Predict(rows[i]);
            Assert.AreEqual(batch[i].PredictedLabel, single.PredictedLabel, $"row {i}");
            for (int c = 0; c < 3; c++)
            {
                Assert.AreEqual(batch[i].Score[c], single.Score[c], 1e-6, $"row {i}, class {c}");
            }
        }
    }

    [TestMethod]
    public void BaggingSamplesRowsAndFeaturesAndMeasuresOutOfBag()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var options = new BaggingOptions { Estimator = BinaryMlp(ml, 1), NumberOfMembers = 5, FeatureSamplingFraction = 0.5, Seed = 3 };
        var model = ml.BinaryClassification.Trainers.Bagging(options).Fit(train);
        EnsembleModelParameters bag = model.Model;
        Assert.HasCount(5, bag.Members);
        Assert.IsTrue(Enumerable.Range(0, 5).All(m => bag.GetFeatureIndices(m).Count == 4 && bag.GetFeatureIndices(m).Distinct().Count() == 4), "each member reads int(0.5 × 9) = 4 distinct features");
        Assert.IsTrue(Enumerable.Range(0, 5).Select(m => string.Join(",", bag.GetFeatureIndices(m))).Distinct().Count() > 1, "members read different features");
        Assert.IsNotNull(bag.OutOfBagScore);
        Assert.IsGreaterThanOrEqualTo(0.9, bag.OutOfBagScore.Value, "out-of-bag accuracy");
        Assert.IsGreaterThanOrEqualTo(0.95, ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve);

        // Reseeded members: the same features and rows with another seed give another network.
        var sameFeatures = new BaggingOptions { Estimator = BinaryMlp(ml, 1), NumberOfMembers = 2, Bootstrap = false, Seed = 3 };
        var twins = ml.BinaryClassification.Trainers.Bagging(sameFeatures).Fit(train).Model;
        Assert.IsNull(twins.OutOfBagScore, "no row is left out without the bootstrap");
        CollectionAssert.AreNotEqual(TrainerConformanceTests.Scores(twins.Members[0].Transform(test)), TrainerConformanceTests.Scores(twins.Members[1].Transform(test)), "each member gets its own seed");
    }

    [TestMethod]
    public void AnEnsembleMixesFamiliesAndNestsEnsemblesAndExportsAsOneGraph()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerConformanceTests.Split(ml, "cnn", "multiclass");
        var catalog = ml.MulticlassClassification.Trainers;
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members =
        [
            catalog.Mlp((MlpOptions)TrainerConformanceTests.Small("mlp")),
            catalog.Cnn(new CnnOptions { ConvolutionFilters = [4], HiddenLayers = [], Epochs = 6, BatchSize = 32, Seed = 7 }),
            catalog.Bagging(catalog.Lstm(new LstmOptions { FeaturesPerStep = 8, RecurrentUnits = [16], Epochs = 6, BatchSize = 32, Seed = 7 }), numberOfMembers: 2),
        ];
        var model = catalog.Voting(members, voting: VotingKind.Hard).Fit(train);
        Assert.IsInstanceOfType<MulticlassPredictionTransformer<EnsembleModelParameters>>(model.Model.Members[2], "a nested ensemble is a member like any other");
        double[] memberAccuracies = [.. model.Model.Members.Select(m => ml.MulticlassClassification.Evaluate(m.Transform(test)).MicroAccuracy)];
        double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        string report = $"ensemble {accuracy:F3}, members {string.Join(", ", memberAccuracies.Select(a => a.ToString("F3")))}";
        Assert.IsGreaterThanOrEqualTo(0.85, accuracy, report);
        Assert.IsGreaterThanOrEqualTo(memberAccuracies.Average(), accuracy, report);

        float[] scores = PipelineChecks.VectorColumn<DigitScores>(ml, model.Transform(test), "Score");
        float[] features = [.. ml.Data.CreateEnumerable<TrainerConformanceTests.FeatureRow>(test, false).SelectMany(r => r.Features)];
        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", features, 64);
        float[] onnxScores = (float[])exported["Score.output"].Data;
        Assert.HasCount(scores.Length, onnxScores);
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(scores[i], onnxScores[i], 1e-4, $"ONNX score {i}");
        }
    }

    [TestMethod]
    public void EveryExportedEnsemblePassesOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        var cases = EnsembleConformanceTests.Ensembles.Select(e => ((string)e[0], (string)e[1])).ToArray();
        foreach (var (method, task) in cases)
        {
            var ml = new MLContext(1);
            var (train, _) = TrainerConformanceTests.Split(ml, "mlp", task);
            ITransformer model = EnsembleConformanceTests.Ensemble(ml, method, task).Fit(train);
            using FileStream file = File.Create(files.PathOf($"{method}-{task}.onnx"));
            ml.Model.ConvertToOnnx(model, ml.Transforms.SelectColumns("Features").Fit(train).Transform(train), file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"{cases.Length} of {cases.Length} models pass");
    }

    [TestMethod]
    public void BadMembersAndOptionsFailClearly()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "breast-cancer");
        var binary = ml.BinaryClassification.Trainers;

        var numericLabel = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 2], Label = 1 }, new Row { Features = [3, 4], Label = 0 } });
        var wrongTask = Assert.ThrowsExactly<ArgumentException>(() => binary.Voting([BinaryMlp(ml, 1), ml.Regression.Trainers.Mlp(epochs: 1)]).Fit(numericLabel));
        StringAssert.Contains(wrongTask.Message, "member 1 made a RegressionPredictionTransformer");
        StringAssert.Contains(wrongTask.Message, "binary classification");

        var otherColumn = Assert.ThrowsExactly<ArgumentException>(() => binary.Voting([BinaryMlp(ml, 1)], featureColumnName: "Other")
            .Fit(ml.Transforms.CopyColumns("Other", "Features").Fit(train).Transform(train)));
        StringAssert.Contains(otherColumn.Message, "reads features from 'Features', but the ensemble's FeatureColumnName is 'Other'");

        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => binary.Voting([BinaryMlp(ml, 1), BinaryMlp(ml, 2)], [1f])).Message, "one finite weight ≥ 0 per member (2)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => binary.Voting([])).Message, "at least one member");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ml.Regression.Trainers.Voting(new VotingOptions { Members = [ml.Regression.Trainers.Mlp()], Voting = VotingKind.Hard })).Message, "regression");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => binary.Bagging(new BaggingOptions { Estimator = BinaryMlp(ml, 1), RowSamplingFraction = 0 })).Message, "RowSamplingFraction");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => binary.Stacking([BinaryMlp(ml, 1)], numberOfFolds: 1)).Message, "NumberOfFolds is 1");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => binary.Stacking([BinaryMlp(ml, 1)]).Fit(ml.Data.TakeRows(train, 3))).Message, "5 folds needs at least 5 rows; the data has 3");

        var unlabeled = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 2], Label = 1 }, new Row { Features = [3, 4], Label = float.NaN } });
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => binary.Bagging(BinaryMlp(ml, 1)).Fit(unlabeled)).Message, "Label column 'Label', row 1: the label is missing");
    }

    private sealed class IrisRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    private sealed class IrisScored
    {
        public float[] Score { get; set; } = [];

        [KeyType(3)]
        public uint PredictedLabel { get; set; }
    }

    private sealed class DigitScores : DataPrepGoldens.IVectorRow
    {
        [VectorType(10)]
        public float[] X { get; set; } = [];
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
