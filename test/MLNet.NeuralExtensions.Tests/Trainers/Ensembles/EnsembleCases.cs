using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>The ensembles the tests train: each method over a mix of ML.NET's trainers and our Mlp, small and quick, on
/// the task's tabular set (breast-cancer, iris, boston-housing).</summary>
internal static class EnsembleCases
{
    /// <summary>Method, task and the output columns ML.NET's prediction transformer of the task adds.</summary>
    public static IEnumerable<object[]> All =>
        from method in new[] { "bagging", "soft-voting", "hard-voting", "stacking" }
        from task in new[] { "binary", "multiclass", "regression" }
        where !(method == "hard-voting" && task == "regression")
        select new object[] { method, task, Outputs(task) };

    /// <summary>The columns ML.NET's prediction transformer of a task adds.</summary>
    public static string[] Outputs(string task) => task switch
    {
        "binary" => ["Score", "Probability", "PredictedLabel"],
        "multiclass" => ["Score", "PredictedLabel"],
        _ => ["Score"],
    };

    /// <summary>The task's split: breast-cancer (Boolean label), iris (key), boston-housing.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, string task) =>
        TrainerData.Split(ml, task switch { "binary" => "breast-cancer", "multiclass" => "iris", _ => "boston-housing" });

    /// <summary>Our Mlp for a task; no hidden layer by default, so that it exports to ONNX as the network export stands.</summary>
    public static IEstimator<ISingleFeaturePredictionTransformer<object>> Mlp(MLContext ml, string task, int[]? hidden = null, int? seed = null, int epochs = 20)
    {
        // Every epoch on every row: the members' own training is fixed here, whatever the Mlp's defaults.
        var options = new MlpOptions { HiddenLayers = hidden ?? [], Epochs = epochs, BatchSize = 32, LearningRate = 0.01f, Seed = seed, ValidationFraction = 0, EarlyStopping = null, L2Regularization = 0 };
        return task switch
        {
            "binary" => ml.BinaryClassification.Trainers.Mlp(options),
            "multiclass" => ml.MulticlassClassification.Trainers.Mlp(options),
            _ => ml.Regression.Trainers.Mlp(options),
        };
    }

    /// <summary>Small trees of ML.NET: FastTree (binary, regression), LightGbm (multiclass).</summary>
    public static IEstimator<ISingleFeaturePredictionTransformer<object>> Trees(MLContext ml, string task) => task switch
    {
        "binary" => ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 20),
        "multiclass" => ml.MulticlassClassification.Trainers.LightGbm(numberOfLeaves: 8, numberOfIterations: 20),
        _ => ml.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 20),
    };

    /// <summary>A linear model of ML.NET: SdcaLogisticRegression, SdcaMaximumEntropy, Sdca.</summary>
    public static IEstimator<ISingleFeaturePredictionTransformer<object>> Linear(MLContext ml, string task) => task switch
    {
        "binary" => ml.BinaryClassification.Trainers.SdcaLogisticRegression(),
        "multiclass" => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(),
        _ => ml.Regression.Trainers.Sdca(),
    };

    /// <summary>An ensemble of a method and task over our Mlp, ML.NET's trees and ML.NET's linear model.</summary>
    public static IEstimator<ITransformer> Ensemble(MLContext ml, string method, string task, string features = "Features")
    {
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members = [Mlp(ml, task), Trees(ml, task), Linear(ml, task)];
        EnsembleOptions options = method switch
        {
            "bagging" => new BaggingOptions { Estimator = Trees(ml, task), NumberOfMembers = 3, FeatureSamplingFraction = 0.75 },
            "stacking" => new StackingOptions { Members = members, NumberOfFolds = 3, Passthrough = task == "regression" },
            _ => new VotingOptions { Members = members, Weights = [2, 1, 1], Voting = method == "hard-voting" ? VotingKind.Hard : VotingKind.Soft },
        };
        options.FeatureColumnName = features;
        return (method, task) switch
        {
            ("bagging", "binary") => ml.BinaryClassification.Trainers.Bagging((BaggingOptions)options),
            ("bagging", "multiclass") => ml.MulticlassClassification.Trainers.Bagging((BaggingOptions)options),
            ("bagging", _) => ml.Regression.Trainers.Bagging((BaggingOptions)options),
            ("stacking", "binary") => ml.BinaryClassification.Trainers.Stacking((StackingOptions)options),
            ("stacking", "multiclass") => ml.MulticlassClassification.Trainers.Stacking((StackingOptions)options),
            ("stacking", _) => ml.Regression.Trainers.Stacking((StackingOptions)options),
            (_, "binary") => ml.BinaryClassification.Trainers.Voting((VotingOptions)options),
            (_, "multiclass") => ml.MulticlassClassification.Trainers.Voting((VotingOptions)options),
            _ => ml.Regression.Trainers.Voting((VotingOptions)options),
        };
    }

    /// <summary>PredictedLabel as text, whether Boolean or a key.</summary>
    public static string[] Labels(IDataView scored)
    {
        DataViewSchema.Column column = scored.Schema["PredictedLabel"];
        return column.Type switch
        {
            BooleanDataViewType => [.. scored.GetColumn<bool>(column).Select(b => b.ToString())],
            VectorDataViewType { ItemType: BooleanDataViewType } => [.. scored.GetColumn<bool[]>(column).Select(b => b[0].ToString())],
            VectorDataViewType => [.. scored.GetColumn<uint[]>(column).Select(k => k[0].ToString(System.Globalization.CultureInfo.InvariantCulture))],
            _ => [.. scored.GetColumn<uint>(column).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        };
    }
}
