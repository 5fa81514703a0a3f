namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// How a layer's weights start. The variance-scaling families follow Keras: "uniform" draws from
/// [−limit, limit] with limit = √(3 · scale / fan), "normal" from a normal distribution with standard deviation
/// √(scale / fan) truncated at two standard deviations (and rescaled so the variance stays scale / fan).
/// </summary>
public abstract class Initializer
{
    private protected Initializer()
    {
    }

    /// <summary>Glorot/Xavier uniform: scale 1 over the average of fan-in and fan-out. Keras' default for kernels.</summary>
    public static Initializer GlorotUniform { get; } = new VarianceScalingInitializer("GlorotUniform", 1.0, FanMode.Average, uniform: true);

    /// <summary>Glorot/Xavier normal: scale 1 over the average of fan-in and fan-out.</summary>
    public static Initializer GlorotNormal { get; } = new VarianceScalingInitializer("GlorotNormal", 1.0, FanMode.Average, uniform: false);

    /// <summary>He/Kaiming uniform: scale 2 over fan-in, for ReLU networks.</summary>
    public static Initializer HeUniform { get; } = new VarianceScalingInitializer("HeUniform", 2.0, FanMode.In, uniform: true);

    /// <summary>He/Kaiming normal: scale 2 over fan-in, for ReLU networks.</summary>
    public static Initializer HeNormal { get; } = new VarianceScalingInitializer("HeNormal", 2.0, FanMode.In, uniform: false);

    /// <summary>LeCun uniform: scale 1 over fan-in, for SELU networks.</summary>
    public static Initializer LeCunUniform { get; } = new VarianceScalingInitializer("LeCunUniform", 1.0, FanMode.In, uniform: true);

    /// <summary>LeCun normal: scale 1 over fan-in, for SELU networks.</summary>
    public static Initializer LeCunNormal { get; } = new VarianceScalingInitializer("LeCunNormal", 1.0, FanMode.In, uniform: false);

    /// <summary>A random orthogonal matrix times <paramref name="gain"/> (default 1), Keras' default for recurrent kernels.</summary>
    public static Initializer Orthogonal(float gain = 1f) => new OrthogonalInitializer(gain);

    /// <summary>Uniform on [−<paramref name="limit"/>, <paramref name="limit"/>] (default 0.05), Keras' "uniform" default for
    /// embeddings.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public static Initializer RandomUniform(float limit = 0.05f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return new UniformInitializer(limit);
    }

    /// <summary>All zeros, the default for biases.</summary>
    public static Initializer Zeros { get; } = new ConstantInitializer(0f);

    /// <summary>Every weight equal to <paramref name="value"/>.</summary>
    public static Initializer Constant(float value) => new ConstantInitializer(value);

    /// <summary>Fills <paramref name="values"/>, a tensor whose fan-in and fan-out are given, from <paramref name="random"/>.</summary>
    internal abstract void Fill(Span<float> values, int fanIn, int fanOut, Random random);

    internal enum FanMode
    {
        In,
        Average,
    }
}
