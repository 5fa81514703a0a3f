using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>The real datasets the trainer tests learn, prepared with ML.NET's own transforms as a user would: a
/// "Features" vector of Single (missing values replaced by the mean, standardized) and a "Label" — Boolean for the
/// binary sets with text labels, a key for multiclass, Single otherwise (a digit's value is the regression target, and
/// "digit ≠ 0" the binary one).</summary>
internal static class TrainerData
{
    /// <summary>(file, feature count, label is text, the positive and negative text labels of a binary set).</summary>
    private static readonly Dictionary<string, (string File, int Features, bool TextLabel, (string Positive, string Negative)? Binary)> s_sets = new()
    {
        ["breast-cancer"] = ("breast-cancer.csv", 9, true, ("malignant", "benign")),
        ["spam"] = ("spam.csv", 57, true, ("spam", "nonspam")),
        ["pima-diabetes"] = ("pima-diabetes.csv", 8, true, ("pos", "neg")),
        ["iris"] = ("iris.csv", 4, true, null),
        ["vehicle"] = ("vehicle.csv", 18, true, null),
        ["boston-housing"] = ("boston-housing.csv", 13, false, null),
        ["digits"] = ("digits-8x8.csv", 64, false, null),
    };

    /// <summary>The raw file: "Features" and "Raw" (the label as text or Single).</summary>
    public static IDataView Raw(MLContext ml, string name)
    {
        var (file, features, textLabel, _) = s_sets[name];
        return ml.Data.LoadFromTextFile(Path.Combine("TestData", file),
            [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Raw", textLabel ? DataKind.String : DataKind.Single, features)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
    }

    /// <summary>The preparation pipeline: <see cref="FeaturePreparation"/>, then the label.</summary>
    public static IEstimator<ITransformer> Preparation(MLContext ml, string name, bool? keyLabel = null) =>
        FeaturePreparation(ml).Append(Label(ml, name, keyLabel));

    /// <summary>ML.NET's mean imputation and standardization of "Features".</summary>
    public static IEstimator<ITransformer> FeaturePreparation(MLContext ml) =>
        ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));

    /// <summary>"Label" from "Raw": a key (<paramref name="keyLabel"/>, or by default for a text label without a
    /// positive value), a Boolean for a text label with one, or a copy of the numeric target.</summary>
    public static IEstimator<ITransformer> Label(MLContext ml, string name, bool? keyLabel = null)
    {
        var (_, _, textLabel, binary) = s_sets[name];
        if (keyLabel ?? (textLabel && binary is null))
        {
            return ml.Transforms.Conversion.MapValueToKey("Label", "Raw");
        }

        return binary is var (positive, negative)
            ? ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { [positive] = true, [negative] = false }, "Raw")
            : ml.Transforms.CopyColumns("Label", "Raw");
    }

    /// <summary>A fixed 80/20 split of the prepared data, the preparation fitted on the training part.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, string name, bool? keyLabel = null)
    {
        var split = ml.Data.TrainTestSplit(Raw(ml, name), testFraction: 0.2, seed: 1);
        ITransformer prep = Preparation(ml, name, keyLabel).Fit(split.TrainSet);
        return (ml.Data.Cache(prep.Transform(split.TrainSet)), ml.Data.Cache(prep.Transform(split.TestSet)));
    }

    /// <summary>The values of Single column <paramref name="column"/> ("Score" by default), row after row.</summary>
    public static float[] Scores(IDataView scored, string column = "Score") =>
        scored.Schema[column].Type is VectorDataViewType
            ? [.. scored.GetColumn<float[]>(column).SelectMany(v => v)]
            : [.. scored.GetColumn<float>(column)];
}
