using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>What a candidate's trainer is built with in one trial.</summary>
/// <param name="ML">The trial's context; its execution is cancelled when the trial runs out of time.</param>
/// <param name="ClassWeights">Balanced weights of the training classes, or null for regression and the unsupervised tasks.</param>
/// <param name="Seed">The trial's seed.</param>
/// <param name="SmallestClassRows">The rows of the rarest class among the trial's training rows, or 0 when the task has no
/// classes.</param>
/// <param name="Cancellation">Cancelled at the trial's deadline or when the user stops the search.</param>
internal sealed record TrialContext(MLContext ML, float[]? ClassWeights, int Seed, long SmallestClassRows, CancellationToken Cancellation);
