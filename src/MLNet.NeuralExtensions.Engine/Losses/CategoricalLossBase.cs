namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The shared mechanics of the multi-class losses: targets become a (smoothed) distribution over the classes, outputs
/// become probabilities (softmax of logits, or outputs divided by their sum and clipped to [ε, 1 − ε] as Keras does),
/// and a gradient with respect to the probabilities is carried back to the outputs.
/// </summary>
/// <remarks>An instance keeps scratch buffers, so one loss object must not be used by two trainings at once.</remarks>
public abstract class CategoricalLossBase : Loss
{
    private double[] _target = [];
    private double[] _probability = [];
    private double[] _gradient = [];

    private protected CategoricalLossBase(bool fromLogits, float labelSmoothing)
    {
        FromLogits = fromLogits;
        LabelSmoothing = BinaryTerm.CheckSmoothing(labelSmoothing);
    }

    /// <summary>Whether outputs are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>The label smoothing s: targets become t · (1 − s) + s / classes.</summary>
    public float LabelSmoothing { get; }

    internal sealed override bool? IsCorrect(ReadOnlySpan<float> output, ReadOnlySpan<float> target)
    {
        Span<double> distribution = _target.Length == output.Length ? _target : new double[output.Length];
        ReadTarget(target, distribution);
        return System.Numerics.Tensors.TensorPrimitives.IndexOfMax(output) == System.Numerics.Tensors.TensorPrimitives.IndexOfMax(distribution);
    }

    /// <summary>Writes the target distribution of one example into <paramref name="distribution"/>.</summary>
    private protected abstract void ReadTarget(ReadOnlySpan<float> target, Span<double> distribution);

    /// <summary>Returns the loss of one example given the probabilities and target distribution, and writes its gradient
    /// with respect to the probabilities.</summary>
    private protected abstract double Terms(ReadOnlySpan<double> probability, ReadOnlySpan<double> target, Span<double> gradient);

    /// <summary>Whether, from logits, the loss is plain cross-entropy, whose logit gradient p·Σt − t is used directly.</summary>
    private protected virtual bool IsPlainCrossEntropy => false;

    private protected sealed override double Example(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient)
    {
        int classes = output.Length;
        if (_target.Length != classes)
        {
            (_target, _probability, _gradient) = (new double[classes], new double[classes], new double[classes]);
        }

        ReadTarget(target, _target);
        if (LabelSmoothing > 0f)
        {
            for (int j = 0; j < classes; j++)
            {
                _target[j] = (_target[j] * (1 - LabelSmoothing)) + (LabelSmoothing / classes);
            }
        }

        return FromLogits ? FromLogitsExample(output, gradient) : FromProbabilitiesExample(output, gradient);
    }

    private double FromLogitsExample(ReadOnlySpan<float> logits, Span<float> gradient)
    {
        int classes = logits.Length;
        double max = double.NegativeInfinity;
        foreach (float z in logits)
        {
            max = Math.Max(max, z);
        }

        double sum = 0;
        for (int j = 0; j < classes; j++)
        {
            sum += Math.Exp(logits[j] - max);
        }

        double logSum = max + Math.Log(sum);
        for (int j = 0; j < classes; j++)
        {
            _probability[j] = Math.Exp(logits[j] - logSum);
        }

        if (IsPlainCrossEntropy)
        {
            double loss = 0, targetMass = 0;
            for (int j = 0; j < classes; j++)
            {
                loss -= _target[j] * (logits[j] - logSum);
                targetMass += _target[j];
            }

            for (int j = 0; j < classes; j++)
            {
                gradient[j] = (float)((_probability[j] * targetMass) - _target[j]);
            }

            return loss;
        }

        double result = Terms(_probability, _target, _gradient);
        double dot = 0;
        for (int j = 0; j < classes; j++)
        {
            dot += _gradient[j] * _probability[j];
        }

        for (int j = 0; j < classes; j++)
        {
            gradient[j] = (float)(_probability[j] * (_gradient[j] - dot));
        }

        return result;
    }

    private double FromProbabilitiesExample(ReadOnlySpan<float> output, Span<float> gradient)
    {
        int classes = output.Length;
        double total = 0;
        foreach (float o in output)
        {
            total += o;
        }

        if (!(total > 0))
        {
            throw new ArgumentException($"Probabilities of an example sum to {total}; a loss with fromLogits: false needs positive outputs (use a softmax output or fromLogits: true).");
        }

        for (int j = 0; j < classes; j++)
        {
            _probability[j] = Math.Clamp(output[j] / total, Epsilon, 1 - Epsilon);
        }

        double result = Terms(_probability, _target, _gradient);

        // Back through p_j = o_j / S (clipped entries pass no gradient): dL/do_k = (g_k − Σ_j g_j · o_j / S) / S.
        double dot = 0;
        for (int j = 0; j < classes; j++)
        {
            if (IsClipped(output[j] / total))
            {
                _gradient[j] = 0;
            }

            dot += _gradient[j] * output[j] / total;
        }

        for (int j = 0; j < classes; j++)
        {
            gradient[j] = (float)((_gradient[j] - dot) / total);
        }

        return result;
    }

    private static bool IsClipped(double p) => p <= Epsilon || p >= 1 - Epsilon;
}
