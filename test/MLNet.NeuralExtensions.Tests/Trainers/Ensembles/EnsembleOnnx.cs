using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

/// <summary>Exports a fitted model with ML.NET's <c>ConvertToOnnx</c> as a user would, and scores it back with ML.NET's
/// <c>ApplyOnnxModel</c> (ONNX Runtime).</summary>
internal static class EnsembleOnnx
{
    /// <summary>A data view holding only <paramref name="data"/>'s feature vectors, as its own source, so that the exported
    /// graph's one input is "Features" (the converter follows a view's transforms back to its source).</summary>
    public static IDataView FeaturesOnly(MLContext ml, IDataView data)
    {
        int size = ((VectorDataViewType)data.Schema["Features"].Type).Size;
        SchemaDefinition definition = SchemaDefinition.Create(typeof(FeatureRow));
        definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable([.. data.GetColumn<float[]>("Features").Select(f => new FeatureRow { Features = f })], definition);
    }

    /// <summary>Converts <paramref name="model"/> over <paramref name="features"/> into <paramref name="path"/> and scores
    /// <paramref name="features"/> with the file; the outputs come back under the pipeline's column names.</summary>
    public static IDataView ScoreThroughOnnx(MLContext ml, ITransformer model, IDataView features, string path)
    {
        using (FileStream stream = File.Create(path))
        {
            ml.Model.ConvertToOnnx(model, features, stream);
        }

        return ml.Transforms.ApplyOnnxModel(path).Fit(features).Transform(features);
    }

    /// <summary>Asserts that <paramref name="path"/> passes onnx.checker's full check, without ML.NET's own slot-name
    /// nodes of a multiclass Score (which the checker rejects for ML.NET's multiclass trainers too).</summary>
    public static void AssertPassesChecker(string path)
    {
        string folder = Path.Combine(Path.GetDirectoryName(path)!, "checked-" + Path.GetFileNameWithoutExtension(path));
        Directory.CreateDirectory(folder);
        File.Copy(path, Path.Combine(folder, Path.GetFileName(path)));
        OnnxChecker.RequireOnnxPackage();
        OnnxChecker.AssertAllPass(folder, 1, ignoreMLNetSlotNames: true);
    }

    /// <summary>One row's features.</summary>
    public sealed class FeatureRow
    {
        /// <summary>Gets or sets the feature vector.</summary>
        public float[] Features { get; set; } = [];
    }
}
