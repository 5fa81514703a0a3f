using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>A confusion matrix as ML.NET's evaluator counts it on the held-out rows, with the classes named as the
/// dataset names them.</summary>
/// <param name="Classes">The classes, in the matrix's order: for binary classification the positive class first, then
/// the other (as ML.NET orders its binary matrix); for multiclass classification the label's key order.</param>
/// <param name="Counts">The rows of each true class (outer index) predicted as each class (inner index).</param>
public sealed record ConfusionTable(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<double>> Counts)
{
    /// <summary>The table of ML.NET's <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The evaluator's matrix (its <c>ConfusionMatrix</c>).</param>
    /// <param name="classes">The classes' names, in the matrix's order.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">The names are not one per class of the matrix.</exception>
    public static ConfusionTable From(ConfusionMatrix matrix, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count != matrix.NumberOfClasses)
        {
            throw new ArgumentException($"{classes.Count} class names were given for a matrix of {matrix.NumberOfClasses} classes.", nameof(classes));
        }
        return new ConfusionTable([.. classes], [.. matrix.Counts.Select(row => (IReadOnlyList<double>)[.. row])]);
    }

    /// <summary>The rows counted: the sum of every cell.</summary>
    /// <returns>The total.</returns>
    public double Total() => Counts.Sum(row => row.Sum());
}
