namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>A regression model's residuals on held-out rows, against its predictions.</summary>
/// <param name="Predicted">Each row's prediction (ML.NET's Score).</param>
/// <param name="Residuals">Each row's label minus its prediction, in the same order.</param>
public sealed record ResidualPoints(IReadOnlyList<double> Predicted, IReadOnlyList<double> Residuals)
{
    /// <summary>The most rows kept: 2000, the first of the held-out rows (which a search shuffled).</summary>
    public const int MostPoints = 2000;

    /// <summary>The residuals of <paramref name="labels"/> against <paramref name="scores"/>, of the first
    /// <see cref="MostPoints"/> rows.</summary>
    /// <param name="labels">The true values.</param>
    /// <param name="scores">The predictions, as many.</param>
    /// <returns>The points.</returns>
    /// <exception cref="ArgumentException">The lists differ in length.</exception>
    public static ResidualPoints From(IReadOnlyList<float> labels, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException($"{scores.Count} predictions were given for {labels.Count} labels.", nameof(scores));
        }
        int n = Math.Min(labels.Count, MostPoints);
        return new ResidualPoints([.. scores.Take(n).Select(s => (double)s)], [.. Enumerable.Range(0, n).Select(i => (double)labels[i] - scores[i])]);
    }
}
