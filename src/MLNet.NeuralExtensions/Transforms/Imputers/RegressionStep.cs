namespace MLNet.NeuralExtensions.Transforms;

/// <summary>One regression of an iterative imputation: slot <paramref name="Target"/> ≈ <paramref name="Intercept"/> +
/// Σ <paramref name="Weights"/>[j]·x[j] over the row's slots (the target's own weight is 0).</summary>
/// <param name="Target">The slot it predicts.</param>
/// <param name="Weights">A weight per slot.</param>
/// <param name="Intercept">The intercept.</param>
internal sealed record RegressionStep(int Target, double[] Weights, double Intercept)
{
    /// <summary>Re-predicts the target slot of <paramref name="row"/> from its current values when the slot was
    /// missing in the input (<paramref name="missing"/>); a present slot is left alone.</summary>
    public void Apply(Span<double> row, ReadOnlySpan<bool> missing)
    {
        if (missing[Target])
        {
            double y = Intercept;
            for (int j = 0; j < row.Length; j++)
            {
                y += Weights[j] * row[j];
            }

            row[Target] = y;
        }
    }
}
