using MLNet.NeuralExtensions.Engine.Onnx;
using System.Numerics;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The fitted map of one normalized column, slot by slot: applied to batches, written into ONNX graphs, saved and
/// shown to users as model parameters. Computation is in double whatever the column's type; NaN maps to NaN.
/// </summary>
internal abstract class NormalizerFunction
{
    private protected NormalizerFunction(int width) => Width = width;

    /// <summary>The kinds of function, as saved in model files.</summary>
    private protected enum Kind : byte
    {
        Affine = 1,
        Cdf = 2,
        Bin = 3,
    }

    /// <summary>The number of slots.</summary>
    public int Width { get; }

    private protected abstract Kind FunctionKind { get; }

    /// <summary>Normalizes one value of slot <paramref name="slot"/>.</summary>
    public abstract double Map(double x, int slot);

    /// <summary>Normalizes rows of <see cref="Width"/> values.</summary>
    public void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : INumberBase<T>
    {
        for (int row = 0; row < x.Length; row += Width)
        {
            for (int slot = 0; slot < Width; slot++)
            {
                y[row + slot] = T.CreateTruncating(Map(double.CreateTruncating(x[row + slot]), slot));
            }
        }
    }

    /// <summary>Adds the nodes that normalize <paramref name="input"/> ([batch × Width] of <paramref name="type"/>) and
    /// returns the output value's name.</summary>
    public abstract string ExportOnnx(OnnxGraph graph, string input, TensorProto.Types.DataType type);

    /// <summary>The parameters in ML.NET's public form: <typeparamref name="TItem"/> values for a scalar column,
    /// immutable arrays of them (one item per slot) for a vector column.</summary>
    public abstract NormalizingTransformer.NormalizerModelParametersBase GetParameters<TItem>(bool vector)
        where TItem : struct, INumberBase<TItem>;

    public void Write(BinaryWriter writer)
    {
        writer.Write((byte)FunctionKind);
        writer.Write(Width);
        WriteCore(writer);
    }

    public static NormalizerFunction Read(ModelLoadContext ctx)
    {
        var kind = (Kind)ctx.Reader.ReadByte();
        int width = ctx.Reader.ReadInt32();
        ctx.CheckCount(width, "slots");
        return kind switch
        {
            Kind.Affine => AffineNormalizerFunction.Read(ctx, width),
            Kind.Cdf => CdfNormalizerFunction.Read(ctx, width),
            Kind.Bin => BinNormalizerFunction.Read(ctx, width),
            _ => throw ctx.Error($"unknown normalizer function kind {(byte)kind}."),
        };
    }

    private protected abstract void WriteCore(BinaryWriter writer);

    private protected static void WriteArray(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    private protected static double[] ReadArray(ModelLoadContext ctx, int expectedLength = -1)
    {
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "normalizer parameters");
        if (expectedLength >= 0 && count != expectedLength)
        {
            throw ctx.Error($"a normalizer holds {count} parameters where its {expectedLength} slots need {expectedLength}.");
        }

        return [.. Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadDouble())];
    }

    private protected static TItem Item<TItem>(double value)
        where TItem : INumberBase<TItem> => TItem.CreateTruncating(value);

    private protected static System.Collections.Immutable.ImmutableArray<TItem> Items<TItem>(IEnumerable<double> values)
        where TItem : INumberBase<TItem> => [.. values.Select(Item<TItem>)];
}
