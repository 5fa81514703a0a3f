namespace MLNet.NeuralExtensions.Trainers;

/// <summary>How a self-organizing map learns.</summary>
public enum SomTrainingMode : byte
{
    /// <summary>Kohonen's rule, one row at a time in a shuffled order: w += α(t) · h(d, σ(t)) · (x − w).</summary>
    Online = 0,

    /// <summary>The batch map: every epoch, each node becomes the mean of all rows weighted by h(d, σ(t)) from their
    /// best-matching nodes; no learning rate, and the result does not depend on the order of the rows.</summary>
    Batch = 1,
}
