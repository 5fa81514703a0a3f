namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The skeleton of the over-samplers that interpolate between neighbours (SMOTE, SMOTE-NC, Borderline-SMOTE, ADASYN):
/// every source row is kept, and each class the strategy grows gains synthetic rows, each grown from one of its rows.
/// </summary>
internal abstract class NeighborOverSampler : Resampler
{
    private protected NeighborOverSampler(int numberOfNeighbors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfNeighbors, 1);
        NumberOfNeighbors = numberOfNeighbors;
    }

    /// <summary>Gets k, the number of neighbours of a row that new rows are interpolated towards.</summary>
    private protected int NumberOfNeighbors { get; }

    /// <inheritdoc/>
    public sealed override ResamplingPlan Plan(LabelClasses labels, double[] x, int width, SamplingStrategy strategy, Random random)
    {
        CheckWidth(width);
        int[] add = strategy.RowsToAdd(labels);
        for (int c = 0; c < add.Length; c++)
        {
            if (add[c] > 0)
            {
                RequireNeighbors(labels, c, NumberOfNeighbors, "numberOfNeighbors");
            }
        }

        int[][] byClass = RowsByClass(labels);
        var plan = new ResamplingPlan.Builder(labels.ClassOfRow.Length, width, copies: 1);
        for (int c = 0; c < add.Length; c++)
        {
            if (add[c] > 0)
            {
                Grow(new ClassToGrow(labels, x, width, c, byClass[c], add[c]), plan, random);
            }
        }

        return plan.Build();
    }

    /// <summary>Throws if the algorithm's parameters do not fit features of <paramref name="width"/> slots (they do by
    /// default).</summary>
    private protected virtual void CheckWidth(int width)
    {
    }

    /// <summary>Adds about <see cref="ClassToGrow.Add"/> synthetic rows of the class to <paramref name="plan"/>.</summary>
    private protected abstract void Grow(ClassToGrow target, ResamplingPlan.Builder plan, Random random);

    /// <summary>A class to grow: the data, the class number, its rows in data order and how many rows to add.</summary>
    private protected sealed record ClassToGrow(LabelClasses Labels, double[] X, int Width, int Class, int[] Rows, int Add)
    {
        /// <summary>Gets every row of the data.</summary>
        public int[] AllRows => [.. Enumerable.Range(0, Labels.ClassOfRow.Length)];

        /// <summary>The features of row <paramref name="row"/>.</summary>
        public ReadOnlySpan<double> Features(int row) => X.AsSpan(row * Width, Width);
    }
}
