namespace MLNet.NeuralExtensions.Engine;

/// <summary>Holds out a seeded random fraction of the examples for validation, per class when labels are given (so each
/// class keeps its share, as scikit-learn's stratified split for early stopping).</summary>
internal static class ValidationSplit
{
    /// <summary>The training and validation examples; the validation part is null when the fraction of every class rounds
    /// to no example (too few examples to hold any out), and the training part is then all of them.</summary>
    /// <exception cref="ArgumentException">The fraction would hold out every example.</exception>
    public static (TrainingData Training, TrainingData? Validation) Split(TrainingData data, float fraction, IReadOnlyList<int>? labels, int seed)
    {
        if (labels is not null && labels.Count != data.Count)
        {
            throw new ArgumentException($"{data.Count} examples need {data.Count} stratification labels; got {labels.Count}.", nameof(labels));
        }

        var random = new Random(seed ^ 0x5EED);
        var groups = labels is null
            ? [Enumerable.Range(0, data.Count).ToArray()]
            : Enumerable.Range(0, data.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
        var train = new List<int>();
        var held = new List<int>();
        foreach (int[] group in groups)
        {
            random.Shuffle(group);
            int take = (int)Math.Round(group.Length * (double)fraction);
            held.AddRange(group.Take(take));
            train.AddRange(group.Skip(take));
        }

        if (held.Count == 0)
        {
            return (data, null);
        }

        if (train.Count == 0)
        {
            throw new ArgumentException($"A validation fraction of {fraction} of {data.Count} examples leaves {train.Count} for training and {held.Count} for validation; both need at least one.");
        }

        train.Sort();
        held.Sort();
        return (data.Subset(train), data.Subset(held));
    }
}
