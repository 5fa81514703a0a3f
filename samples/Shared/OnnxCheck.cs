using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Data;

/// <summary>Exports the scoring part of a fitted pipeline to ONNX and scores it back through ONNX Runtime in an
/// <c>ApplyOnnxModel</c> pipeline, to compare with what the managed pipeline scores.</summary>
internal static class OnnxCheck
{
    /// <summary>Writes <paramref name="scoring"/>, taking <paramref name="inputColumns"/>, to <paramref name="onnxPath"/>,
    /// scores <paramref name="data"/> with it, and returns the largest difference from <paramref name="expected"/> in the
    /// "Score" output.</summary>
    public static double LargestScoreDifference(MLContext ml, ITransformer scoring, IDataView data, string[] inputColumns, string onnxPath, float[] expected)
    {
        data = ml.Transforms.SelectColumns(inputColumns).Fit(data).Transform(data);
        using (FileStream file = File.Create(onnxPath))
        {
            ml.Model.ConvertToOnnx(scoring, data, file);
        }

        IDataView scored = ml.Transforms.ApplyOnnxModel(onnxPath).Fit(data).Transform(data);
        float[] onnx = [.. ml.Data.CreateEnumerable<OnnxScore>(scored, reuseRowObject: false).SelectMany(r => r.Score)];
        return onnx.Length == expected.Length ? onnx.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) : double.PositiveInfinity;
    }

    private sealed class OnnxScore
    {
        [ColumnName("Score.output")]
        public float[] Score { get; set; } = [];
    }
}
