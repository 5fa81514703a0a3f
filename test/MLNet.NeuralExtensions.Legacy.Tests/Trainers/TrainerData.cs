using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>The real datasets the trainer tests learn, each prepared as a "Features" vector of Single (missing values
/// replaced by the median, standardized) and a "Label": a key for classification, Single for regression.</summary>
internal static class TrainerData
{
    /// <summary>(file, feature count, label column is text).</summary>
    private static readonly Dictionary<string, (string File, int Features, bool TextLabel)> s_sets = new()
    {
        ["breast-cancer"] = ("breast-cancer.csv", 9, true),
        ["spam"] = ("spam.csv", 57, true),
        ["iris"] = ("iris.csv", 4, true),
        ["boston-housing"] = ("boston-housing.csv", 13, false),
        ["digits"] = ("digits-8x8.csv", 64, false),
    };

    /// <summary>The raw file: "Features" and "Raw" (the label as text or Single).</summary>
    public static IDataView Raw(MLContext ml, string name)
    {
        var (file, features, textLabel) = s_sets[name];
        return ml.Data.LoadFromTextFile(Path.Combine("TestData", file),
            [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Raw", textLabel ? DataKind.String : DataKind.Single, features)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
    }

    /// <summary>The preparation pipeline: <see cref="FeaturePreparation"/>, then the label.</summary>
    public static IEstimator<ITransformer> Preparation(MLContext ml, string name, bool? keyLabel = null) =>
        FeaturePreparation(ml).Append(Label(ml, name, keyLabel));

    /// <summary>Median imputation and standardization of "Features".</summary>
    public static IEstimator<ITransformer> FeaturePreparation(MLContext ml) =>
        ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Median)
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));

    /// <summary>"Label" from "Raw": a key of its values (by default when they are text), or a copy of the numeric
    /// target (a digit's value is a regression target, and "digit ≠ 0" a binary one).</summary>
    public static IEstimator<ITransformer> Label(MLContext ml, string name, bool? keyLabel = null) =>
        keyLabel ?? s_sets[name].TextLabel ? ml.Transforms.Conversion.MapValueToKey("Label", "Raw") : ml.Transforms.CopyColumns("Label", "Raw");

    /// <summary>A fixed 80/20 split of the prepared data, the preparation fitted on the training part.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, string name, bool? keyLabel = null)
    {
        var split = ml.Data.TrainTestSplit(Raw(ml, name), testFraction: 0.2, seed: 1);
        ITransformer prep = Preparation(ml, name, keyLabel).Fit(split.TrainSet);
        return (ml.Data.Cache(prep.Transform(split.TrainSet)), ml.Data.Cache(prep.Transform(split.TestSet)));
    }
}
