using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>An ensemble exported by ML.NET's <c>ConvertToOnnx</c> is one graph (its members' graphs and the combination),
/// valid for onnx.checker and scored by ONNX Runtime as the ensemble scores.</summary>
[TestClass]
public sealed class EnsembleOnnxTests
{
    public static IEnumerable<object[]> Cases => EnsembleCases.All;

    /// <summary>Deeper networks, which export once the network export covers hidden layers.</summary>
    public static IEnumerable<object[]> DeeperNetworks =>
        from method in new[] { "soft-voting", "stacking" }
        from task in new[] { "binary", "multiclass", "regression" }
        select new object[] { method, task };

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void AnEnsembleOfExportingMembersPassesOnnxChecker(string method, string task, string[] outputs)
    {
        // Members whose own graphs pass the checker: ML.NET's LightGbm and OneVersusAll multiclass graphs leave their
        // per-class tree outputs untyped, which onnx.checker 1.12's full check rejects on their own, so the multiclass
        // ensembles here hold maximum entropy models.
        var ml = new MLContext(1);
        var (train, test) = EnsembleCases.Split(ml, task);
        var classifiers = ml.MulticlassClassification.Trainers;
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members = task == "multiclass"
            ? [EnsembleCases.Mlp(ml, task), classifiers.LbfgsMaximumEntropy(), classifiers.SdcaMaximumEntropy()]
            : [EnsembleCases.Mlp(ml, task), EnsembleCases.Trees(ml, task), EnsembleCases.Linear(ml, task)];
        ITransformer model = Ensemble(ml, method, task, members).Fit(train);
        using var files = new TempFiles();
        string path = files.PathOf($"{method}-{task}.onnx");
        IDataView onnx = EnsembleOnnx.ScoreThroughOnnx(ml, model, EnsembleOnnx.FeaturesOnly(ml, test), path);
        EnsembleOnnx.AssertPassesChecker(path);
        AssertSameOutputs(model.Transform(test), onnx, outputs);
    }

    [TestMethod]
    [DynamicData(nameof(DeeperNetworks))]
    public void AnEnsembleWithAHiddenLayerNetworkExportsAsOneGraph(string method, string task)
    {
        var ml = new MLContext(1);
        var (train, test) = EnsembleCases.Split(ml, task);
        ITransformer model = Ensemble(ml, method, task, [EnsembleCases.Mlp(ml, task, hidden: [16, 8]), EnsembleCases.Trees(ml, task)]).Fit(train);
        using var files = new TempFiles();
        string path = files.PathOf($"{method}-{task}.onnx");
        IDataView onnx = EnsembleOnnx.ScoreThroughOnnx(ml, model, EnsembleOnnx.FeaturesOnly(ml, test), path);
        AssertSameOutputs(model.Transform(test), onnx, EnsembleCases.Outputs(task));
    }

    /// <summary>Every output column through ONNX equals the ensemble's own, to 1e-4 (relative above 1).</summary>
    internal static void AssertSameOutputs(IDataView scored, IDataView onnx, string[] outputs)
    {
        foreach (string column in outputs)
        {
            if (column == "PredictedLabel")
            {
                CollectionAssert.AreEqual(EnsembleCases.Labels(scored), EnsembleCases.Labels(onnx), "PredictedLabel through ONNX");
                continue;
            }

            float[] expected = TrainerData.Scores(scored, column), actual = TrainerData.Scores(onnx, column);
            Assert.HasCount(expected.Length, actual, column);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], actual[i], 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"{column} through ONNX, value {i}");
            }
        }
    }

    private static IEstimator<ITransformer> Ensemble(MLContext ml, string method, string task, IEstimator<ISingleFeaturePredictionTransformer<object>>[] members)
    {
        EnsembleOptions options = method switch
        {
            "bagging" => new BaggingOptions { Estimator = members[1], NumberOfMembers = 3, FeatureSamplingFraction = 0.75 },
            "stacking" => new StackingOptions { Members = members, NumberOfFolds = 3, Passthrough = true },
            _ => new VotingOptions { Members = members, Voting = method == "hard-voting" ? VotingKind.Hard : VotingKind.Soft },
        };
        return (options, task) switch
        {
            (BaggingOptions b, "binary") => ml.BinaryClassification.Trainers.Bagging(b),
            (BaggingOptions b, "multiclass") => ml.MulticlassClassification.Trainers.Bagging(b),
            (BaggingOptions b, _) => ml.Regression.Trainers.Bagging(b),
            (StackingOptions s, "binary") => ml.BinaryClassification.Trainers.Stacking(s),
            (StackingOptions s, "multiclass") => ml.MulticlassClassification.Trainers.Stacking(s),
            (StackingOptions s, _) => ml.Regression.Trainers.Stacking(s),
            (VotingOptions v, "binary") => ml.BinaryClassification.Trainers.Voting(v),
            (VotingOptions v, "multiclass") => ml.MulticlassClassification.Trainers.Voting(v),
            (VotingOptions v, _) => ml.Regression.Trainers.Voting(v),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
        };
    }
}
