using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Tests.Trainers.Autoencoder;

/// <summary>The anomaly tasks of the ODDS benchmark that the shared datasets give, loaded with ML.NET's text loader:
/// "Features" (Single) and "Label" (Single, 1 for an anomaly, as ML.NET's anomaly evaluator reads it).
/// satellite: Statlog Landsat Satellite, its three smallest classes (cotton crop, damp grey soil, vegetation stubble:
/// 2,036 of 6,435 rows) the anomalies (ODDS "satellite"); breast-cancer: Wisconsin Breast Cancer, malignant the anomalies
/// (ODDS "breastw"; 16 missing values, which the pipelines replace with ML.NET's ReplaceMissingValues).</summary>
internal static class AnomalyData
{
    private static readonly string[] s_satelliteAnomalies = ["cotton crop", "damp grey soil", "vegetation stubble"];
    private static readonly string[] s_satelliteNormal = ["grey soil", "red soil", "very damp grey soil"];

    /// <summary>satellite.csv: "Features" (36 values) and "Label".</summary>
    public static IDataView Satellite(MLContext ml) => Labelled(ml, "satellite.csv", [new("Features", DataKind.Single, 0, 35)], 36, s_satelliteAnomalies, s_satelliteNormal);

    /// <summary>breast-cancer.csv: "Features" (9 values, 16 of them missing) and "Label".</summary>
    public static IDataView BreastCancer(MLContext ml) => BreastCancer(ml, new TextLoader.Column("Features", DataKind.Single, 0, 8));

    /// <summary>breast-cancer.csv: the feature columns given and "Label".</summary>
    public static IDataView BreastCancer(MLContext ml, params TextLoader.Column[] features) => Labelled(ml, "breast-cancer.csv", features, 9, ["malignant"], ["benign"]);

    /// <summary>A fixed 80/20 split of <paramref name="data"/>, cached.</summary>
    public static (IDataView Train, IDataView Test) Split(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        return (ml.Data.Cache(split.TrainSet), ml.Data.Cache(split.TestSet));
    }

    /// <summary>The rows of <paramref name="data"/> whose label is 0, the normal ones.</summary>
    public static IDataView Normal(MLContext ml, IDataView data) => ml.Data.FilterRowsByColumn(data, "Label", upperBound: 0.5);

    private static IDataView Labelled(MLContext ml, string file, TextLoader.Column[] features, int classColumn, string[] anomalies, string[] normal)
    {
        IDataView raw = ml.Data.LoadFromTextFile(Path.Combine("TestData", file), [.. features, new TextLoader.Column("Class", DataKind.String, classColumn)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var labels = anomalies.Select(c => new KeyValuePair<string, float>(c, 1f)).Concat(normal.Select(c => new KeyValuePair<string, float>(c, 0f)));
        return ml.Transforms.Conversion.MapValue("Label", labels, "Class").Fit(raw).Transform(raw);
    }
}
