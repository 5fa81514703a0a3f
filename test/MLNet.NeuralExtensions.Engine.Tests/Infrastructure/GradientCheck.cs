namespace MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

/// <summary>
/// Central finite-difference checks of analytic gradients. The engine computes in float32, so the objective — a fixed
/// random projection Σ r·y of the output — is summed in double, and the step is 5e-3: the truncation error of a
/// central difference is O(h²) ≈ 2.5e-5 relative for smooth functions, and float32 rounding of outputs of order 1
/// contributes about 1e-7 / h ≈ 2e-5 per element. Tolerances of 2e-3 absolute plus 2e-2 relative sit two orders of
/// magnitude above both, yet far below any real error (a wrong sign, factor or index is off by 100 % or more).
/// </summary>
internal static class GradientCheck
{
    private const float Step = 5e-3f;
    private const double AbsoluteTolerance = 2e-3;
    private const double RelativeTolerance = 2e-2;

    /// <summary>Checks the input and parameter gradients of <paramref name="layer"/> on a random batch, or on
    /// <paramref name="inputs"/> when given; <paramref name="checkInput"/> false skips the input gradient (for inputs that
    /// are indices). State tensors (moving statistics) have no gradient and are skipped. <paramref name="sequenceLengths"/>
    /// runs padded sequences of those lengths.</summary>
    public static void Layer(Layer layer, TensorShape exampleShape, int batch = 3, bool training = false, int seed = 1, float[]? inputs = null, bool checkInput = true,
        int[]? sequenceLengths = null)
    {
        RunContext Context() => new(training, new Random(seed), 1) { SequenceLengths = sequenceLengths };

        layer.Build(exampleShape, new Random(seed));
        var random = new Random(seed + 1);
        var input = new Tensor(exampleShape.WithBatch(batch), inputs ?? RandomValues(random, exampleShape.Size * batch));
        float[] projection = RandomValues(random, layer.OutputShape.Size * batch);

        double Objective()
        {
            Tensor y = layer.Forward(input, Context());
            return Dot(y.Span, projection);
        }

        Objective();
        var outputGradient = new Tensor(layer.OutputShape.WithBatch(batch), (float[])projection.Clone());
        float[] analyticInput = layer.Backward(outputGradient, Context(), needInputGradient: true)!.ToArray();
        var analyticParameters = layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();

        if (checkInput)
        {
            Compare($"{layer} input", input.Span.Length, i => input.Span[i], (i, v) => input.Span[i] = v, analyticInput, Objective);
        }

        for (int p = 0; p < layer.Parameters.Count; p++)
        {
            Parameter parameter = layer.Parameters[p];
            if (parameter.IsState)
            {
                continue;
            }

            Compare($"{layer} parameter '{parameter.Name}'", parameter.Value.Length, i => parameter.Value.Span[i], (i, v) => parameter.Value.Span[i] = v, analyticParameters[p], Objective);
        }
    }

    /// <summary>Checks the parameter gradients of <paramref name="network"/> (its input gradient is not computed) through
    /// <see cref="Sequential"/>'s own forward and backward passes, in scoring mode, on <paramref name="inputs"/>
    /// (<paramref name="batch"/> examples) or a random batch; a network not yet built is built from <paramref name="seed"/>.</summary>
    public static void Network(Sequential network, TensorShape exampleShape, int batch = 3, int seed = 1, float[]? inputs = null)
    {
        if (!network.IsBuilt)
        {
            network.Build(exampleShape, seed);
        }

        var random = new Random(seed + 1);
        var input = new Tensor(exampleShape.WithBatch(batch), inputs ?? RandomValues(random, exampleShape.Size * batch));
        float[] projection = RandomValues(random, network.OutputShape.Size * batch);
        var context = new RunContext(false, new Random(seed), 1);
        double Objective() => Dot(network.Forward(input, context).Span, projection);

        Objective();
        network.Backward(new Tensor(network.OutputShape.WithBatch(batch), (float[])projection.Clone()), context);
        foreach (Parameter parameter in network.Parameters.Where(p => !p.IsState))
        {
            float[] analytic = parameter.Gradient.ToArray();
            Compare($"parameter '{parameter.Name}' of {network.Layers.First(l => l.Parameters.Contains(parameter))}", parameter.Value.Length,
                i => parameter.Value.Span[i], (i, v) => parameter.Value.Span[i] = v, analytic, Objective);
        }
    }

    /// <summary>Checks the output gradient of <paramref name="loss"/>.</summary>
    public static void Loss(Loss loss, float[] output, float[] target, float[] weights, int batch)
    {
        var gradient = new float[output.Length];
        loss.Compute(output, target, weights, batch, gradient);
        var scratch = new float[output.Length];
        Compare(loss.Name, output.Length, i => output[i], (i, v) => output[i] = v, gradient, () => loss.Compute(output, target, weights, batch, scratch));
    }

    /// <summary>Checks <paramref name="analytic"/>, the gradient of <paramref name="objective"/> with respect to
    /// <paramref name="inputs"/>, which the objective reads.</summary>
    public static void Values(string what, float[] inputs, float[] analytic, Func<double> objective)
        => Compare(what, inputs.Length, i => inputs[i], (i, v) => inputs[i] = v, analytic, objective);

    public static float[] RandomValues(Random random, int count, double low = -1, double high = 1)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(low + (random.NextDouble() * (high - low)));
        }

        return values;
    }

    private static void Compare(string what, int count, Func<int, float> get, Action<int, float> set, float[] analytic, Func<double> objective)
    {
        for (int i = 0; i < count; i++)
        {
            float original = get(i);
            set(i, original + Step);
            double plus = objective();
            set(i, original - Step);
            double minus = objective();
            set(i, original);
            double numeric = (plus - minus) / (2 * Step);
            double error = Math.Abs(numeric - analytic[i]);
            Assert.IsTrue(error <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(numeric)), $"{what}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6}");
        }
    }

    private static double Dot(ReadOnlySpan<float> values, float[] projection)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i] * (double)projection[i];
        }

        return sum;
    }
}
