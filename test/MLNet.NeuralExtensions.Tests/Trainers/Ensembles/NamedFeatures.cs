using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>A test set loaded column by column under its header's names and concatenated into "Features", so that the
/// feature slots have names, as ML.NET's permutation feature importance over a whole model reports them by.</summary>
internal static class NamedFeatures
{
    /// <summary>The raw file (each feature a Single column named as in the header, "Raw" the label) and the preparation:
    /// Concatenate, then <see cref="TrainerData"/>'s.</summary>
    public static (IDataView Raw, IEstimator<ITransformer> Preparation) Load(MLContext ml, string name, string file, bool textLabel)
    {
        string path = Path.Combine("TestData", file);
        string[] header = [.. File.ReadLines(path).First().Split(',').Select(h => h.Trim('"'))];
        string[] features = header[..^1];
        TextLoader.Column[] columns =
        [
            .. features.Select((f, i) => new TextLoader.Column(f, DataKind.Single, i)),
            new TextLoader.Column("Raw", textLabel ? DataKind.String : DataKind.Single, features.Length),
        ];
        IDataView raw = ml.Data.LoadFromTextFile(path, columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
        return (raw, ml.Transforms.Concatenate("Features", features).Append(TrainerData.Preparation(ml, name)));
    }
}
