using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

[TestClass]
public sealed class EnsembleNestingTests
{
    [TestMethod]
    public void EnsemblesNestAsMembersOfEnsemblesSavingAndExportingAsOne()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        var model = t.Voting(
        [
            EnsembleCases.Mlp(ml, "binary"),
            t.Bagging(t.FastTree(numberOfTrees: 10), numberOfMembers: 3),
            t.Stacking([t.LightGbm(numberOfIterations: 10), t.SdcaLogisticRegression()], numberOfFolds: 3),
        ]).Fit(train);
        Assert.IsInstanceOfType<BinaryPredictionTransformer<EnsembleBinaryModelParameters>>(model.Model.Members[1], "a bagging ensemble is a member like any other");
        Assert.AreEqual(EnsembleCombination.Stacking, ((EnsembleModelParameters)model.Model.Members[2].Model).Combination);
        IDataView scored = model.Transform(test);
        Assert.IsGreaterThanOrEqualTo(0.98, ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve);

        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        CollectionAssert.AreEqual(TrainerData.Scores(scored, "Probability"), TrainerData.Scores(child, "Probability"), "the nested ensembles load in a second process");

        string path = files.PathOf("nested.onnx");
        IDataView onnx = EnsembleOnnx.ScoreThroughOnnx(ml, model, EnsembleOnnx.FeaturesOnly(ml, test), path);
        EnsembleOnnx.AssertPassesChecker(path);
        EnsembleOnnxTests.AssertSameOutputs(scored, onnx, EnsembleCases.Outputs("binary"));
    }

    [TestMethod]
    public void BaggingAVotingEnsembleBagsTheWholeVote()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "vehicle");
        var m = ml.MulticlassClassification.Trainers;
        var model = m.Bagging(m.Voting([m.LightGbm(numberOfIterations: 20), m.SdcaMaximumEntropy()]), numberOfMembers: 3).Fit(train);
        Assert.IsTrue(model.Model.Members.All(member => member is MulticlassPredictionTransformer<EnsembleMulticlassModelParameters>));
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.75, metrics.MicroAccuracy, $"accuracy {metrics.MicroAccuracy:F3}");
        Assert.IsNotNull(model.Model.OutOfBagScore);
    }
}
