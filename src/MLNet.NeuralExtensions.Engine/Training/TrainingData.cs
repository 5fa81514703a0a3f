namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// Examples for <see cref="NetworkTrainer"/>, held in memory: features, targets and optional weights, one example after
/// another.
/// </summary>
public sealed class TrainingData
{
    /// <summary>Creates a data set, checking that every array holds the same number of examples.</summary>
    /// <param name="featureShape">The shape of one example's features.</param>
    /// <param name="features">count × featureShape.Size values.</param>
    /// <param name="targets">count × <paramref name="targetSize"/> values (class indices for sparse losses).</param>
    /// <param name="targetSize">Target values per example.</param>
    /// <param name="weights">One weight per example, or null for unit weights.</param>
    /// <param name="sequenceLengths">For sequences padded to the feature shape's first dimension (its steps), the number
    /// of valid steps of each example, 1 to that dimension; null (default) when every example uses all its steps. The
    /// network must take lengths (<see cref="Sequential.TakesSequenceLengths"/>).</param>
    /// <exception cref="ArgumentException">An array's length does not fit the example count, or a sequence length is
    /// out of range; the message names the example.</exception>
    public TrainingData(TensorShape featureShape, float[] features, float[] targets, int targetSize, float[]? weights = null, int[]? sequenceLengths = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
        if (features.Length % featureShape.Size != 0)
        {
            throw new ArgumentException($"{features.Length} feature values are not a whole number of examples of shape {featureShape}.", nameof(features));
        }

        Count = features.Length / featureShape.Size;
        if (targets.Length != (long)Count * targetSize)
        {
            throw new ArgumentException($"{Count} examples need {(long)Count * targetSize} target values ({targetSize} each); got {targets.Length}.", nameof(targets));
        }

        if (weights is not null && weights.Length != Count)
        {
            throw new ArgumentException($"{Count} examples need {Count} weights; got {weights.Length}.", nameof(weights));
        }

        if (sequenceLengths is not null)
        {
            StepPlan.Check(sequenceLengths, Count, featureShape.Rank == 0 ? 0 : featureShape[0], $"examples of shape {featureShape}", "have");
        }

        FeatureShape = featureShape;
        SequenceLengths = sequenceLengths;
        Features = features;
        Targets = targets;
        TargetSize = targetSize;
        Weights = weights;
    }

    /// <summary>The number of examples.</summary>
    public int Count { get; }

    /// <summary>The shape of one example's features.</summary>
    public TensorShape FeatureShape { get; }

    /// <summary>The features, example after example.</summary>
    public float[] Features { get; }

    /// <summary>The targets, example after example.</summary>
    public float[] Targets { get; }

    /// <summary>Target values per example.</summary>
    public int TargetSize { get; }

    /// <summary>Example weights, or null.</summary>
    public float[]? Weights { get; }

    /// <summary>The valid steps of each padded sequence, or null when every example uses all its steps.</summary>
    public int[]? SequenceLengths { get; }

    /// <summary>Returns the examples at <paramref name="rows"/>, in that order.</summary>
    internal TrainingData Subset(IReadOnlyList<int> rows)
    {
        int size = FeatureShape.Size;
        var features = new float[rows.Count * size];
        var targets = new float[rows.Count * TargetSize];
        float[]? weights = Weights is null ? null : new float[rows.Count];
        int[]? lengths = SequenceLengths is null ? null : new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            if (lengths is not null)
            {
                lengths[i] = SequenceLengths![rows[i]];
            }

            Features.AsSpan(rows[i] * size, size).CopyTo(features.AsSpan(i * size));
            Targets.AsSpan(rows[i] * TargetSize, TargetSize).CopyTo(targets.AsSpan(i * TargetSize));
            if (weights is not null)
            {
                weights[i] = Weights![rows[i]];
            }
        }

        return new TrainingData(FeatureShape, features, targets, TargetSize, weights, lengths);
    }
}
