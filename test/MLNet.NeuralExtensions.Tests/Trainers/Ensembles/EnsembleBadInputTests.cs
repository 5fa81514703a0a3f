using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>Bad members, options, data and files fail with exceptions naming the value, before anything trains where
/// the value is known then.</summary>
[TestClass]
public sealed class EnsembleBadInputTests
{
    [TestMethod]
    public void MembersOfAnotherTaskOrReadingOtherColumnsAreRefusedWhenTheEnsembleIsMade()
    {
        var ml = new MLContext(1);
        var t = ml.BinaryClassification.Trainers;
        Message("Member 1 (FastTreeRegressionTrainer) makes a RegressionPredictionTransformer; a binary classification ensemble takes estimators that make a BinaryPredictionTransformer.",
            () => t.Voting([t.FastTree(), ml.Regression.Trainers.FastTree()]));
        Message("Member 0 (SdcaMaximumEntropyMulticlassTrainer) makes a MulticlassPredictionTransformer; a regression ensemble",
            () => ml.Regression.Trainers.Stacking([ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()]));
        Message("The meta-learner (SdcaRegressionTrainer) makes a RegressionPredictionTransformer",
            () => t.Stacking([t.FastTree()], metaLearner: ml.Regression.Trainers.Sdca()));
        Message("The estimator (LightGbmMulticlassTrainer) makes a MulticlassPredictionTransformer",
            () => t.Bagging(ml.MulticlassClassification.Trainers.LightGbm()));
        Message("Member 0 (FastTreeBinaryTrainer) reads features from 'Other', but the ensemble's FeatureColumnName is 'Features'",
            () => t.Voting([t.FastTree(featureColumnName: "Other")]));
        Message("Member 1 (NeuralNetworkBinaryTrainer) reads the label from 'Target', but the ensemble's LabelColumnName is 'Label'",
            () => t.Voting([t.FastTree(), t.Mlp(labelColumnName: "Target")]));
        Message("The meta-learner (LbfgsLogisticRegressionBinaryTrainer) reads features from 'Features', but the ensemble's FeatureColumnName is 'X'",
            () => t.Stacking([t.FastTree(featureColumnName: "X")], metaLearner: t.LbfgsLogisticRegression(), featureColumnName: "X"));
    }

    [TestMethod]
    public void EmptyMemberListsWrongWeightsAndOptionsOutOfRangeAreRefusedByName()
    {
        var ml = new MLContext(1);
        var t = ml.BinaryClassification.Trainers;
        Message("Voting needs at least one member estimator; got none.", () => t.Voting([]));
        Message("Stacking needs at least one member estimator; got none.", () => ml.Regression.Trainers.Stacking([]));
        Message("Bagging takes Estimator or CreateEstimator; got neither.", () => t.Bagging(new BaggingOptions()));
        Message("Bagging takes Estimator or CreateEstimator; got both.", () => t.Bagging(new BaggingOptions { Estimator = t.FastTree(), CreateEstimator = _ => t.FastTree() }));
        Message("Voting: member 1 is null", () => t.Voting(new VotingOptions { Members = [t.FastTree(), null!] }));
        Message("Weights is [1]; voting needs one finite weight ≥ 0 per member (2), with a positive sum.", () => t.Voting([t.FastTree(), t.LightGbm()], [1f]));
        Message("Weights is [1, -1]", () => t.Voting([t.FastTree(), t.LightGbm()], [1f, -1f]));
        Message("Weights is [0, 0]", () => t.Voting([t.FastTree(), t.LightGbm()], [0f, 0f]));
        Message("Voting is Hard, which does not apply to regression", () => ml.Regression.Trainers.Voting(new VotingOptions { Members = [ml.Regression.Trainers.Sdca()], Voting = VotingKind.Hard }));
        Message("NumberOfFolds is 1; stacking needs 2 to 65,536 folds.", () => t.Stacking([t.FastTree()], numberOfFolds: 1));
        Message("NumberOfMembers is 0; bagging needs 1 to 65,536 members.", () => t.Bagging(t.FastTree(), numberOfMembers: 0));
        Message("RowSamplingFraction is 0; it must be in (0, 1].", () => t.Bagging(new BaggingOptions { Estimator = t.FastTree(), RowSamplingFraction = 0 }));
        Message("FeatureSamplingFraction is 1.5; it must be in (0, 1].", () => t.Bagging(new BaggingOptions { Estimator = t.FastTree(), FeatureSamplingFraction = 1.5 }));
    }

    [TestMethod]
    public void MoreFoldsThanTheSmallestClassOrThanRowsAreRefusedNamingTheClass()
    {
        var ml = new MLContext(1);
        IDataView binary = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new BinaryRow { Features = [i, i % 3], Label = i % 4 == 0 }).ToList());
        Message("NumberOfFolds is 5, but class positive of label 'Label' has 3 rows; stratified stacking needs at least one row of every class per fold. Use at most 3 folds.",
            () => ml.BinaryClassification.Trainers.Stacking([ml.BinaryClassification.Trainers.FastTree()]).Fit(binary));

        string[] names = ["a", "b", "a", "b", "c", "a", "b", "c", "a", "b"];
        IDataView multiclass = ml.Transforms.Conversion.MapValueToKey("Label", "Name")
            .Fit(ml.Data.LoadFromEnumerable(names.Select((n, i) => new NamedRow { Features = [i, i % 2], Name = n }).ToList()))
            .Transform(ml.Data.LoadFromEnumerable(names.Select((n, i) => new NamedRow { Features = [i, i % 2], Name = n }).ToList()));
        Message("NumberOfFolds is 3, but class 3 ('c') of label 'Label' has 2 rows",
            () => ml.MulticlassClassification.Trainers.Stacking([ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()], numberOfFolds: 3).Fit(multiclass));

        IDataView regression = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 3).Select(i => new RegressionRow { Features = [i, 1], Label = i }).ToList());
        Message("NumberOfFolds is 5, but the training data has 3 rows; stacking needs at least one row per fold.",
            () => ml.Regression.Trainers.Stacking([ml.Regression.Trainers.Sdca()]).Fit(regression));
    }

    [TestMethod]
    public void BadLabelsAndMembersThatTurnOutOfAnotherTaskFailClearlyWhenFitted()
    {
        var ml = new MLContext(1);
        IDataView unlabeled = ml.Data.LoadFromEnumerable(new[] { new RegressionRow { Features = [1, 2], Label = 1 }, new RegressionRow { Features = [3, 4], Label = float.NaN } });
        var nan = Assert.ThrowsExactly<InvalidDataException>(() => ml.BinaryClassification.Trainers.Voting([EnsembleCases.Mlp(ml, "binary")]).Fit(unlabeled));
        StringAssert.Contains(nan.Message, "Label column 'Label', row 1: the label is NaN");

        var (train, _) = TrainerData.Split(ml, "iris");
        var threeClasses = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.Voting([EnsembleCases.Mlp(ml, "binary")]).Fit(train));
        StringAssert.Contains(threeClasses.Message, "Label column 'Label' is a key of 3 values; binary classification needs 2.");

        var (breast, _) = TrainerData.Split(ml, "breast-cancer");
        var made = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.Trainers.Bagging(_ => ml.Regression.Trainers.Sdca(), numberOfMembers: 2).Fit(breast));
        StringAssert.Contains(made.Message, "Member 0 (SdcaRegressionTrainer) makes a RegressionPredictionTransformer");
    }

    [TestMethod]
    public void AModelFileWithoutAMemberNamesTheMissingEntry()
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        ITransformer model = t.Voting([t.FastTree(numberOfTrees: 5), t.LightGbm(numberOfIterations: 5)]).Fit(train);
        using var files = new TempFiles();
        string path = files.PathOf("model.zip");
        ml.Model.Save(model, train.Schema, path);
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.Replace('\\', '/').StartsWith("TransformerChain/Model/Member_001/", StringComparison.Ordinal)).ToList())
            {
                entry.Delete();
            }
        }

        Exception error = Assert.Throws<Exception>(() => ml.Model.Load(path, out _));
        string messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        StringAssert.Contains(messages, "Model entry 'TransformerChain/Model/Member_001' is missing: the ensemble's file lists it but does not hold it.");
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static void Message(string expected, Action action) =>
        StringAssert.Contains(Assert.Throws<ArgumentException>(action).Message, expected);

    private sealed class BinaryRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class NamedRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public string Name { get; set; } = "";
    }

    private sealed class RegressionRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
