using MLNet.NeuralExtensions.Engine.Onnx;
using System.Collections.Immutable;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// y = Φ((v − mean) / σ) = ½ (1 + erf((v − mean) / (σ √2))) per slot, where v is x, or ln x for the log-normal
/// normalizer (x ≤ 0 then maps to 0, the CDF's lower limit). A slot with σ = 0 maps every value to ½.
/// </summary>
internal sealed class CdfNormalizerFunction : NormalizerFunction
{
    private readonly double[] _mean;
    private readonly double[] _standardDeviation;
    private readonly bool _useLog;

    public CdfNormalizerFunction(double[] mean, double[] standardDeviation, bool useLog)
        : base(mean.Length)
    {
        _mean = mean;
        _standardDeviation = standardDeviation;
        _useLog = useLog;
    }

    private protected override Kind FunctionKind => Kind.Cdf;

    public override double Map(double x, int slot)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (_useLog && x <= 0)
        {
            return 0;
        }

        double v = _useLog ? Math.Log(x) : x;
        return 0.5 * (1 + SpecialFunctions.Erf((v - _mean[slot]) * ErfScale(slot)));
    }

    // ORT's Erf kernel takes float only, so a double column is cast around it (its result is a probability, for
    // which float's 1e-7 is ample).
    public override string ExportOnnx(OnnxGraph graph, string input, TensorProto.Types.DataType type)
    {
        string value = _useLog ? graph.Add("Log", [input], "normalize_log") : input;
        string centered = graph.Add("Sub", [value, graph.AddInitializer("normalize_mean", type, _mean, Width)], "normalize_centered");
        double[] erfScale = [.. Enumerable.Range(0, Width).Select(ErfScale)];
        string z = graph.Add("Mul", [centered, graph.AddInitializer("normalize_erf_scale", type, erfScale, Width)], "normalize_z");
        bool isDouble = type == TensorProto.Types.DataType.Double;
        if (isDouble)
        {
            z = graph.Add("Cast", [z], "normalize_z_float", OnnxAttribute.Int("to", (long)TensorProto.Types.DataType.Float));
        }

        string erf = graph.Add("Erf", [z], "normalize_erf");
        string cdf = graph.Add("Mul", [graph.Add("Add", [erf, graph.AddScalar("normalize_one", 1f)], "normalize_erf_plus_one"), graph.AddScalar("normalize_half", 0.5f)], "normalize_cdf");
        if (isDouble)
        {
            cdf = graph.Add("Cast", [cdf], "normalize_cdf_double", OnnxAttribute.Int("to", (long)type));
        }

        if (!_useLog)
        {
            return cdf;
        }

        string zero = graph.AddInitializer("normalize_zero", type, [0.0]);
        string nonPositive = graph.Add("LessOrEqual", [input, zero], "normalize_non_positive");
        return graph.Add("Where", [nonPositive, zero, cdf], "normalize_log_cdf");
    }

    public override NormalizingTransformer.NormalizerModelParametersBase GetParameters<TItem>(bool vector) => vector
        ? new NormalizingTransformer.CdfNormalizerModelParameters<ImmutableArray<TItem>>(Items<TItem>(_mean), Items<TItem>(_standardDeviation), _useLog)
        : new NormalizingTransformer.CdfNormalizerModelParameters<TItem>(Item<TItem>(_mean[0]), Item<TItem>(_standardDeviation[0]), _useLog);

    private protected override void WriteCore(BinaryWriter writer)
    {
        writer.Write(_useLog);
        WriteArray(writer, _mean);
        WriteArray(writer, _standardDeviation);
    }

    internal static CdfNormalizerFunction Read(ModelLoadContext ctx, int width)
    {
        bool useLog = ctx.Reader.ReadBoolean();
        return new CdfNormalizerFunction(ReadArray(ctx, width), ReadArray(ctx, width), useLog);
    }

    private double ErfScale(int slot) => _standardDeviation[slot] > 0 ? 1 / (_standardDeviation[slot] * Math.Sqrt(2)) : 0;
}
