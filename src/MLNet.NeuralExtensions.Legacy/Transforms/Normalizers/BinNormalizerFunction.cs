using MLNet.NeuralExtensions.Engine.Onnx;
using System.Collections.Immutable;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// y = bin · density − offset per slot, where bin is the number of the slot's cut points strictly below x (bins are
/// numbered from 0 and the last one is unbounded above), density is 1 / (bins − 1), and offset is the value zero's
/// bin would have when zero is fixed (else 0).
/// </summary>
internal sealed class BinNormalizerFunction : NormalizerFunction
{
    private readonly double[][] _cutPoints;
    private readonly double[] _density;
    private readonly double[] _offset;

    public BinNormalizerFunction(double[][] cutPoints, double[] density, double[] offset)
        : base(cutPoints.Length)
    {
        _cutPoints = cutPoints;
        _density = density;
        _offset = offset;
    }

    private protected override Kind FunctionKind => Kind.Bin;

    /// <summary>The bin of <paramref name="x"/> among ascending <paramref name="cutPoints"/>: how many are below it.</summary>
    public static int BinOf(double[] cutPoints, double x)
    {
        int lo = 0, hi = cutPoints.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cutPoints[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public override double Map(double x, int slot) =>
        double.IsNaN(x) ? x : (BinOf(_cutPoints[slot], x) * _density[slot]) - _offset[slot];

    // The bin is a sum of comparisons against the cut points, padded with +∞ (never below a value) to a rectangle.
    public override string ExportOnnx(OnnxGraph graph, string input, TensorProto.Types.DataType type)
    {
        int most = Math.Max(1, _cutPoints.Max(c => c.Length));
        double[] padded = new double[Width * most];
        Array.Fill(padded, double.PositiveInfinity);
        for (int slot = 0; slot < Width; slot++)
        {
            _cutPoints[slot].CopyTo(padded, slot * most);
        }

        string column = graph.Add("Unsqueeze", [input, graph.AddInt64s("normalize_axis", 2)], "normalize_column");
        string below = graph.Add("Less", [graph.AddInitializer("normalize_cut_points", type, padded, Width, most), column], "normalize_below");
        string counts = graph.Add("Cast", [below], "normalize_below_count", OnnxAttribute.Int("to", (long)type));
        string bin = graph.Add("ReduceSum", [counts, graph.AddInt64s("normalize_axes", 2)], "normalize_bin", OnnxAttribute.Int("keepdims", 0));
        string scaled = graph.Add("Mul", [bin, graph.AddInitializer("normalize_density", type, _density, Width)], "normalize_scaled");
        string shifted = graph.Add("Sub", [scaled, graph.AddInitializer("normalize_offset", type, _offset, Width)], "normalize_shifted");
        return graph.Add("Where", [graph.Add("IsNaN", [input], "normalize_is_nan"), input, shifted], "normalize_binned");
    }

    public override NormalizingTransformer.NormalizerModelParametersBase GetParameters<TItem>(bool vector) => vector
        ? new NormalizingTransformer.BinNormalizerModelParameters<ImmutableArray<TItem>>([.. _cutPoints.Select(UpperBounds<TItem>)], Items<TItem>(_density), Items<TItem>(_offset))
        : new NormalizingTransformer.BinNormalizerModelParameters<TItem>(UpperBounds<TItem>(_cutPoints[0]), Item<TItem>(_density[0]), Item<TItem>(_offset[0]));

    private protected override void WriteCore(BinaryWriter writer)
    {
        foreach (double[] cuts in _cutPoints)
        {
            WriteArray(writer, cuts);
        }

        WriteArray(writer, _density);
        WriteArray(writer, _offset);
    }

    internal static BinNormalizerFunction Read(ModelLoadContext ctx, int width)
    {
        double[][] cuts = [.. Enumerable.Range(0, width).Select(_ => ReadArray(ctx))];
        return new BinNormalizerFunction(cuts, ReadArray(ctx, width), ReadArray(ctx, width));
    }

    // ML.NET lists each bin's upper bound, the last being +∞.
    private static ImmutableArray<TItem> UpperBounds<TItem>(double[] cutPoints)
        where TItem : System.Numerics.INumberBase<TItem> => Items<TItem>(cutPoints.Append(double.PositiveInfinity));
}
