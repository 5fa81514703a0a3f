using System.Numerics.Tensors;
using MLNet.NeuralExtensions.Engine.Kernels;
using MLNet.NeuralExtensions.Engine.Onnx;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A fully connected layer: <c>y = activation(x · kernel + bias)</c> over the last axis of the input, as Keras' Dense.
/// The kernel is stored [inputs × units]. ONNX: Gemm (MatMul, and Add with a bias, for inputs of rank above 2 or
/// without a bias), then the activation.
/// </summary>
public sealed class Dense : Layer
{
    private Parameter? _kernel;
    private readonly FusedActivation _activation;
    private Parameter? _bias;
    private Tensor? _input;
    private Tensor? _inputGradient;

    /// <summary>Creates a dense layer.</summary>
    /// <param name="units">The number of outputs per example.</param>
    /// <param name="activation">Applied to the outputs; default <see cref="ActivationFunction.Linear"/>.</param>
    /// <param name="useBias">Whether to add a bias; default true.</param>
    /// <param name="kernelInitializer">Default <see cref="Initializer.GlorotUniform"/>.</param>
    /// <param name="kernelRegularization">L1/L2 penalty on the kernel; default none.</param>
    /// <param name="kernelMaxNorm">Max-norm constraint on each unit's incoming weights; default 0 (none).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is less than 1.</exception>
    public Dense(int units, ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null,
        Regularization? kernelRegularization = null, float kernelMaxNorm = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(kernelMaxNorm);
        Units = units;
        _activation = new FusedActivation(activation ?? ActivationFunction.Linear);
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? Initializer.GlorotUniform;
        KernelRegularization = kernelRegularization;
        KernelMaxNorm = kernelMaxNorm;
    }

    /// <summary>The number of outputs per example.</summary>
    public int Units { get; }

    /// <summary>The activation applied to the outputs.</summary>
    public ActivationFunction Activation => _activation.Function;

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>How the kernel is initialized.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The kernel's L1/L2 penalty, or null.</summary>
    public Regularization? KernelRegularization { get; }

    /// <summary>The kernel's max-norm constraint, or 0.</summary>
    public float KernelMaxNorm { get; }

    /// <summary>The weights, [inputs × units].</summary>
    public Parameter Kernel => _kernel ?? throw new InvalidOperationException("The layer is not built.");

    /// <summary>The bias, [units], or null without bias.</summary>
    public Parameter? Bias => _bias;

    internal override string TypeName => "Dense";

    private protected override TensorShape BuildCore(TensorShape inputShape, Random random)
    {
        if (inputShape.Rank < 1)
        {
            throw ShapeError(inputShape, "at least one axis");
        }

        int inputs = inputShape[-1];
        _kernel = AddParameter("kernel", new TensorShape(inputs, Units), KernelRegularization, KernelMaxNorm);
        KernelInitializer.Fill(_kernel.Value.Span, inputs, Units, random);
        if (UseBias)
        {
            _bias = AddParameter("bias", new TensorShape(Units));
        }

        var output = inputShape.Dimensions.ToArray();
        output[^1] = Units;
        return new TensorShape(output);
    }

    internal override Tensor Forward(Tensor input, RunContext context)
    {
        CheckBatch(input);
        _input = input;
        int inputs = InputShape[-1];
        int rows = input.Length / inputs;
        int batch = input.Shape[0];
        Tensor z = _activation.Preactivation(batch, OutputShape);
        Gemm.Multiply(false, false, rows, Units, inputs, input.Span, Kernel.Value.Span, z.Span, accumulate: false, context.MaxThreads);
        if (_bias is not null)
        {
            Span<float> all = z.Span;
            ReadOnlySpan<float> bias = _bias.Value.Span;
            for (int r = 0; r < rows; r++)
            {
                Span<float> row = all.Slice(r * Units, Units);
                TensorPrimitives.Add(row, bias, row);
            }
        }

        return _activation.Forward(Units);
    }

    internal override Tensor? Backward(Tensor outputGradient, RunContext context, bool needInputGradient)
    {
        Tensor input = _input ?? throw new InvalidOperationException("Backward before forward.");
        int inputs = InputShape[-1];
        int rows = input.Length / inputs;
        Tensor dz = _activation.Backward(outputGradient, Units);

        if (context.ParameterGradients)
        {
            Gemm.Multiply(true, false, inputs, Units, rows, input.Span, dz.Span, Kernel.Gradient.Span, accumulate: false, context.MaxThreads);
        }

        if (_bias is not null && context.ParameterGradients)
        {
            Span<float> db = _bias.Gradient.Span;
            db.Clear();
            ReadOnlySpan<float> all = dz.Span;
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(db, all.Slice(r * Units, Units), db);
            }
        }

        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = Tensor.Ensure(ref _inputGradient, input.Shape);
        Gemm.Multiply(false, true, rows, inputs, Units, dz.Span, Kernel.Value.Span, dx.Span, accumulate: false, context.MaxThreads);
        return dx;
    }

    // Gemm for one vector per example with a bias; MatMul (and Add) when the examples are sequences or grids of vectors,
    // or without a bias (Gemm's third input is optional only from opset 11).
    internal override string ExportOnnx(OnnxBuilder graph, string input)
    {
        int inputs = InputShape[-1];
        string kernel = graph.AddInitializer("kernel", Kernel.Value.Span, inputs, Units);
        string? bias = _bias is null ? null : graph.AddInitializer("bias", _bias.Value.Span, Units);
        string output;
        if (InputShape.Rank == 1 && bias is not null)
        {
            output = graph.Add("Gemm", [input, kernel, bias], "dense");
        }
        else
        {
            output = graph.Add("MatMul", [input, kernel], "dense");
            output = bias is null ? output : graph.Add("Add", [output, bias], "dense_biased");
        }

        return _activation.Function.ExportOnnx(graph, output, OutputShape.Rank + 1);
    }

    internal override void WriteConfig(BinaryWriter writer)
    {
        writer.Write(Units);
        LayerConfig.WriteActivation(writer, Activation);
        writer.Write(UseBias);
        LayerConfig.WriteRegularization(writer, KernelRegularization);
        writer.Write(KernelMaxNorm);
    }

    internal static Dense ReadConfig(BinaryReader reader)
        => new(reader.ReadInt32(), LayerConfig.ReadActivation(reader), reader.ReadBoolean(), Initializer.Zeros, LayerConfig.ReadRegularization(reader), reader.ReadSingle());
}
