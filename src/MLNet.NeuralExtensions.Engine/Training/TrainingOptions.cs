namespace MLNet.NeuralExtensions.Engine;

/// <summary>How <see cref="NetworkTrainer"/> trains, with Keras' fit() defaults where Keras has one.</summary>
public sealed class TrainingOptions
{
    /// <summary>Passes over the training data. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per update. Default 32, as Keras.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether to shuffle the training examples before every epoch (seeded). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of weight initialization, shuffling, the validation split and dropout. The same seed on the same
    /// machine gives bit-identical weights. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Fraction of the training examples held out for validation when no validation set is given, in [0, 1).
    /// The held-out rows are drawn at random (seeded), per class when stratification labels are given; when that rounds
    /// to no row (a handful of examples), training uses every example and has no validation (the monitored validation
    /// quantities fall back to the training ones). Default 0.</summary>
    public float ValidationFraction { get; init; }

    /// <summary>Early stopping, or null (default) to run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Lowering the learning rate on a plateau, or null (default).</summary>
    public ReduceLearningRateOnPlateau? ReduceLearningRateOnPlateau { get; init; }

    /// <summary>A file the network is written to whenever the monitored quantity improves (best-only checkpoints),
    /// atomically; null (default) for none. The monitored quantity is the early-stopping one, else the validation loss.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Whether to stop when the loss becomes NaN or infinite, as Keras' TerminateOnNaN. Default true.</summary>
    public bool StopOnNaN { get; init; } = true;

    /// <summary>Threads the kernels may use; null (default) for all processors.</summary>
    public int? NumberOfThreads { get; init; }

    /// <summary>Receives a report after every batch and every epoch; null (default) for none.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Trains on adversarial examples mixed into every batch; null (default) for clean examples only. Not for
    /// sequences of varying length.</summary>
    public AdversarialTraining? AdversarialTraining { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(ValidationFraction is >= 0f and < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in [0, 1).");
        }

        if (NumberOfThreads is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), NumberOfThreads, "The thread count must be at least 1.");
        }
    }
}
