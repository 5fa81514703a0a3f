using System.Numerics.Tensors;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// A gradient attack on a network: the fast gradient sign method (FGSM, Goodfellow et al. 2015) and projected gradient
/// descent (PGD, Madry et al. 2018) under an L∞ or L2 bound. Starting from each example (or from a random point of the
/// ε-ball around it), every iteration steps along the gradient of the loss with respect to the input — its sign for
/// L∞, its direction for L2 — then projects back onto the ε-ball around the example and clips to the valid input
/// range. FGSM is one L∞ step of size ε from the example itself.
/// </summary>
/// <remarks>The network runs in scoring mode (dropout and noise off, batch normalization on its moving statistics). An
/// attack keeps buffers for the last network and loss it ran on and draws its random starts from one generator seeded
/// by <see cref="Seed"/>, so it is deterministic call by call; it runs one call at a time, and the network must not
/// train or score elsewhere meanwhile (its parameters' gradients are overwritten).</remarks>
public sealed class AdversarialAttack
{
    private readonly Random _random;
    private LossInputGradients? _gradients;
    private (Sequential Network, Loss Loss)? _for;
    private float[] _gradientBuffer = [];

    /// <summary>Makes an attack.</summary>
    /// <param name="epsilon">The bound on each example's perturbation, in its norm; finite and &gt; 0.</param>
    /// <param name="stepSize">The length of one step, in the norm; finite and &gt; 0.</param>
    /// <param name="iterations">The number of steps, ≥ 1.</param>
    /// <param name="norm">The norm. Default <see cref="AttackNorm.LInfinity"/>.</param>
    /// <param name="randomStart">Whether to start from a random point of the ε-ball rather than from the example (L∞:
    /// each value moved by U(−ε, ε); L2: a uniformly random direction at a radius drawn from U(0, ε)). Default false.</param>
    /// <param name="seed">The seed of the random starts. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it and gives it.</exception>
    public AdversarialAttack(float epsilon, float stepSize, int iterations, AttackNorm norm = AttackNorm.LInfinity, bool randomStart = false, int seed = 0)
    {
        RequirePositive(epsilon, nameof(epsilon));
        RequirePositive(stepSize, nameof(stepSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (!Enum.IsDefined(norm))
        {
            throw new ArgumentOutOfRangeException(nameof(norm), norm, "Not an attack norm.");
        }

        Epsilon = epsilon;
        StepSize = stepSize;
        Iterations = iterations;
        Norm = norm;
        RandomStart = randomStart;
        Seed = seed;
        _random = new Random(seed);
    }

    /// <summary>Gets the bound on each example's perturbation, in <see cref="Norm"/>.</summary>
    public float Epsilon { get; }

    /// <summary>Gets the length of one step.</summary>
    public float StepSize { get; }

    /// <summary>Gets the number of steps.</summary>
    public int Iterations { get; }

    /// <summary>Gets the norm of the bound and the steps.</summary>
    public AttackNorm Norm { get; }

    /// <summary>Gets whether the attack starts from a random point of the ε-ball rather than from the example.</summary>
    public bool RandomStart { get; }

    /// <summary>Gets the seed of the random starts.</summary>
    public int Seed { get; }

    /// <summary>Gets or sets the smallest valid input value, to which adversarial values are clipped; null (default)
    /// for no lower bound. Images scaled to [0, 1] take 0.</summary>
    public float? ClipMinimum { get; init; }

    /// <summary>Gets or sets the largest valid input value; null (default) for no upper bound.</summary>
    public float? ClipMaximum { get; init; }

    /// <summary>FGSM: one L∞ step of size <paramref name="epsilon"/> from the example, or, with
    /// <paramref name="randomStart"/>, from a random point of the ε-ball with a step of 1.25 ε (Wong et al. 2020's
    /// "fast adversarial training").</summary>
    /// <param name="epsilon">The L∞ bound; finite and &gt; 0.</param>
    /// <param name="randomStart">Whether to start from a random point. Default false.</param>
    /// <param name="seed">The seed of the random starts. Default 0.</param>
    public static AdversarialAttack FastGradientSign(float epsilon, bool randomStart = false, int seed = 0) =>
        new(epsilon, randomStart ? 1.25f * epsilon : epsilon, 1, AttackNorm.LInfinity, randomStart, seed);

    /// <summary>PGD: <paramref name="iterations"/> projected steps of <paramref name="stepSize"/>, from a random point of
    /// the ε-ball by default.</summary>
    /// <param name="epsilon">The bound; finite and &gt; 0.</param>
    /// <param name="stepSize">The step; finite and &gt; 0.</param>
    /// <param name="iterations">The number of steps, ≥ 1.</param>
    /// <param name="norm">The norm. Default <see cref="AttackNorm.LInfinity"/>.</param>
    /// <param name="randomStart">Whether to start from a random point of the ε-ball. Default true.</param>
    /// <param name="seed">The seed of the random starts. Default 0.</param>
    public static AdversarialAttack ProjectedGradientDescent(float epsilon, float stepSize, int iterations, AttackNorm norm = AttackNorm.LInfinity, bool randomStart = true, int seed = 0) =>
        new(epsilon, stepSize, iterations, norm, randomStart, seed);

    /// <summary>Returns the adversarial examples of <paramref name="rows"/> examples; see <see cref="Perturb(Sequential, Loss, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>.</summary>
    public float[] Perturb(Sequential network, Loss loss, ReadOnlySpan<float> features, ReadOnlySpan<float> targets, int rows)
    {
        var adversarial = new float[features.Length];
        Perturb(network, loss, features, targets, rows, adversarial);
        return adversarial;
    }

    /// <summary>Writes into <paramref name="adversarial"/> the adversarial example of each of <paramref name="rows"/>
    /// examples: the point of its ε-ball (clipped to the valid range) the attack reaches by raising
    /// <paramref name="loss"/> against its target.</summary>
    /// <param name="network">A built network (not one starting with an <see cref="Embedding"/>).</param>
    /// <param name="loss">The loss the attack raises, as the network was trained with (targets in its layout: a class
    /// index per example for sparse losses).</param>
    /// <param name="features">rows × the input size values, all finite.</param>
    /// <param name="targets">The examples' targets, rows × the loss's target size.</param>
    /// <param name="rows">The number of examples.</param>
    /// <param name="adversarial">rows × the input size values, written.</param>
    /// <exception cref="InvalidOperationException">The network is not built or starts with an embedding.</exception>
    /// <exception cref="ArgumentException">A count is wrong, a feature is NaN or infinite (the message names the
    /// example and position), or the clipping range is empty.</exception>
    public void Perturb(Sequential network, Loss loss, ReadOnlySpan<float> features, ReadOnlySpan<float> targets, int rows, Span<float> adversarial)
    {
        LossInputGradients gradients = Prepare(network, loss, features, rows, adversarial);
        int size = network.InputShape.Size;
        if (_gradientBuffer.Length < features.Length)
        {
            _gradientBuffer = new float[features.Length];
        }

        Span<float> g = _gradientBuffer.AsSpan(0, features.Length);
        features.CopyTo(adversarial);
        if (RandomStart)
        {
            for (int r = 0; r < rows; r++)
            {
                Span<float> x = adversarial.Slice(r * size, size);
                if (Norm == AttackNorm.LInfinity)
                {
                    UniformCube(x);
                }
                else
                {
                    UniformBallShell(x, g[..size]);
                }

                Clip(x);
            }
        }

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            gradients.Compute(adversarial, targets, rows, g);
            for (int r = 0; r < rows; r++)
            {
                Span<float> x = adversarial.Slice(r * size, size);
                Step(features.Slice(r * size, size), x, g.Slice(r * size, size));
            }
        }
    }

    private LossInputGradients Prepare(Sequential network, Loss loss, ReadOnlySpan<float> features, int rows, Span<float> adversarial)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (!network.IsBuilt)
        {
            throw new InvalidOperationException("The network is not built; call Build with the input shape first.");
        }

        if (network.Layers[0] is Embedding)
        {
            throw new InvalidOperationException("The network starts with an Embedding layer: its inputs are token indices, which an attack cannot move.");
        }

        network.CheckFeatureCount(features, rows);
        if (adversarial.Length != features.Length)
        {
            throw new ArgumentException($"{rows} examples of shape {network.InputShape} need {features.Length} values; the destination has {adversarial.Length}.", nameof(adversarial));
        }

        if (ClipMinimum is float low && ClipMaximum is float high && !(low < high))
        {
            throw new ArgumentException($"The clipping range [{low}, {high}] is empty.");
        }

        int size = network.InputShape.Size;
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
            {
                throw new ArgumentException($"Example {i / size}, input {i % size}: the value is {features[i]}; an attack needs finite inputs.", nameof(features));
            }
        }

        if (_for is not { } current || !ReferenceEquals(current.Network, network) || !ReferenceEquals(current.Loss, loss))
        {
            _gradients = new LossInputGradients(network, loss);
            _for = (network, loss);
        }

        return _gradients!;
    }

    // One step from x along g, projected onto the ε-ball around the example x0, then clipped.
    private void Step(ReadOnlySpan<float> x0, Span<float> x, ReadOnlySpan<float> g)
    {
        if (Norm == AttackNorm.LInfinity)
        {
            for (int i = 0; i < x.Length; i++)
            {
                float moved = x[i] + (StepSize * MathF.Sign(g[i]));
                x[i] = x0[i] + Math.Clamp(moved - x0[i], -Epsilon, Epsilon);
            }
        }
        else
        {
            float length = TensorPrimitives.Norm(g);
            if (length > 0f)
            {
                TensorPrimitives.MultiplyAdd(g, StepSize / length, x, x);
            }

            TensorPrimitives.Subtract(x, x0, x);
            float distance = TensorPrimitives.Norm(x);
            if (distance > Epsilon)
            {
                TensorPrimitives.Multiply(x, Epsilon / distance, x);
            }

            TensorPrimitives.Add(x, x0, x);
        }

        Clip(x);
    }

    private void Clip(Span<float> x)
    {
        if (ClipMinimum is float low)
        {
            TensorPrimitives.Max(x, low, x);
        }

        if (ClipMaximum is float high)
        {
            TensorPrimitives.Min(x, high, x);
        }
    }

    private void UniformCube(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += Epsilon * ((2f * _random.NextSingle()) - 1f);
        }
    }

    // A direction uniform on the sphere (normalized Gaussian values) at a radius of ε·U(0, 1).
    private void UniformBallShell(Span<float> x, Span<float> direction)
    {
        for (int i = 0; i < direction.Length; i++)
        {
            // Box-Muller from two uniforms in (0, 1].
            float u = 1f - _random.NextSingle(), v = _random.NextSingle();
            direction[i] = MathF.Sqrt(-2f * MathF.Log(u)) * MathF.Cos(2f * MathF.PI * v);
        }

        float length = TensorPrimitives.Norm(direction);
        if (length > 0f)
        {
            TensorPrimitives.MultiplyAdd(direction, Epsilon * _random.NextSingle() / length, x, x);
        }
    }

    private static void RequirePositive(float value, string name)
    {
        if (!(value > 0f) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and greater than 0.");
        }
    }
}
