namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The folds of stacking's out-of-fold predictions, as scikit-learn deals them: <c>StratifiedKFold</c> for classification
/// (classes numbered by first appearance; each fold's share of every class by dealing the rows, sorted by class, round
/// robin; each class's rows given their folds in blocks, in data order) and <c>KFold</c> for regression (contiguous folds,
/// the first <c>rows % k</c> one row larger). With a <see cref="Random"/>, scikit-learn's <c>shuffle=True</c>: a class's
/// fold labels (stratified) or the rows (plain) in a shuffled order.
/// </summary>
internal static class EnsembleFolds
{
    /// <summary>Each row's fold, for rows of classes <paramref name="classes"/>.</summary>
    public static int[] Stratified(IReadOnlyList<int> classes, int k, Random? shuffle)
    {
        // Classes by order of first appearance, as scikit-learn encodes them.
        var order = new Dictionary<int, int>();
        int[] encoded = new int[classes.Count];
        for (int r = 0; r < classes.Count; r++)
        {
            if (!order.TryGetValue(classes[r], out int code))
            {
                code = order.Count;
                order[classes[r]] = code;
            }

            encoded[r] = code;
        }

        int[] sorted = [.. encoded.Order()];
        int[,] allocation = new int[k, order.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            allocation[i % k, sorted[i]]++;
        }

        int[] folds = new int[classes.Count];
        for (int c = 0; c < order.Count; c++)
        {
            List<int> foldsOfClass = [];
            for (int f = 0; f < k; f++)
            {
                foldsOfClass.AddRange(Enumerable.Repeat(f, allocation[f, c]));
            }

            int[] labels = [.. foldsOfClass];
            shuffle?.Shuffle(labels);
            int next = 0;
            for (int r = 0; r < encoded.Length; r++)
            {
                if (encoded[r] == c)
                {
                    folds[r] = labels[next++];
                }
            }
        }

        return folds;
    }

    /// <summary>Each of <paramref name="rows"/> rows' fold.</summary>
    public static int[] Contiguous(int rows, int k, Random? shuffle)
    {
        int[] indices = [.. Enumerable.Range(0, rows)];
        shuffle?.Shuffle(indices);
        int[] folds = new int[rows];
        int start = 0;
        for (int f = 0; f < k; f++)
        {
            int size = (rows / k) + (f < rows % k ? 1 : 0);
            for (int i = start; i < start + size; i++)
            {
                folds[indices[i]] = f;
            }

            start += size;
        }

        return folds;
    }
}
