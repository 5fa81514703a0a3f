using MLNet.NeuralExtensions.Engine.Onnx;
using System.Collections.Immutable;
using System.Numerics;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>y = (x − offset) · scale per slot, or (ln x − offset) · scale for the log-normal normalizer without CDF.
/// A scale of 0 marks a slot that held no information (constant or empty): finite values map to 0.</summary>
internal sealed class AffineNormalizerFunction : NormalizerFunction
{
    private readonly double[] _scale;
    private readonly double[] _offset;
    private readonly bool _useLog;

    public AffineNormalizerFunction(double[] scale, double[] offset, bool useLog = false)
        : base(scale.Length)
    {
        _scale = scale;
        _offset = offset;
        _useLog = useLog;
    }

    private protected override Kind FunctionKind => Kind.Affine;

    public override double Map(double x, int slot) => ((_useLog ? Math.Log(x) : x) - _offset[slot]) * _scale[slot];

    public override string ExportOnnx(OnnxGraph graph, string input, TensorProto.Types.DataType type)
    {
        string value = _useLog ? graph.Add("Log", [input], "normalize_log") : input;
        if (_offset.Any(o => o != 0))
        {
            value = graph.Add("Sub", [value, graph.AddInitializer("normalize_offset", type, _offset, Width)], "normalize_centered");
        }

        return graph.Add("Mul", [value, graph.AddInitializer("normalize_scale", type, _scale, Width)], "normalize_scaled");
    }

    public override NormalizingTransformer.NormalizerModelParametersBase GetParameters<TItem>(bool vector) => vector
        ? new NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<TItem>>(Items<TItem>(_scale), Items<TItem>(_offset))
        : new NormalizingTransformer.AffineNormalizerModelParameters<TItem>(Item<TItem>(_scale[0]), Item<TItem>(_offset[0]));

    private protected override void WriteCore(BinaryWriter writer)
    {
        writer.Write(_useLog);
        WriteArray(writer, _scale);
        WriteArray(writer, _offset);
    }

    internal static AffineNormalizerFunction Read(ModelLoadContext ctx, int width)
    {
        bool useLog = ctx.Reader.ReadBoolean();
        return new AffineNormalizerFunction(ReadArray(ctx, width), ReadArray(ctx, width), useLog);
    }
}
