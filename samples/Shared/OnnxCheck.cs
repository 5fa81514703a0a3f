using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>Exports a fitted pipeline with ML.NET's ONNX converter and scores it back through ONNX Runtime with ML.NET's
/// <c>ApplyOnnxModel</c>, to compare with what the pipeline itself scores.</summary>
internal static class OnnxCheck
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="onnxPath"/>, scores <paramref name="data"/> with it, and
    /// returns the largest difference between the two in the Single column <paramref name="column"/> (a scalar or a
    /// vector per row).</summary>
    public static double LargestDifference(MLContext ml, ITransformer model, IDataView data, string onnxPath, string column)
    {
        using (FileStream file = File.Create(onnxPath))
        {
            ml.Model.ConvertToOnnx(model, data, file);
        }

        IDataView scored = ml.Transforms.ApplyOnnxModel(onnxPath).Fit(data).Transform(data);
        float[] onnx = [.. scored.GetColumn<float[]>(column).SelectMany(v => v)];
        IDataView expectedView = model.Transform(data);
        float[] expected = expectedView.Schema[column].Type is VectorDataViewType
            ? [.. expectedView.GetColumn<float[]>(column).SelectMany(v => v)]
            : [.. expectedView.GetColumn<float>(column)];
        return onnx.Length == expected.Length ? onnx.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) : double.PositiveInfinity;
    }
}
