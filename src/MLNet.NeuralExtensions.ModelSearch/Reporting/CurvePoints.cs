namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>A curve as the report draws it: points joined in order, such as a ROC curve (false positive rate, true
/// positive rate) or a precision-recall curve (recall, precision).</summary>
/// <param name="X">The points' abscissas.</param>
/// <param name="Y">The points' ordinates, as many.</param>
public sealed record CurvePoints(IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>The area under the points joined by straight lines (the trapezoidal rule), which for a ROC curve with
    /// a point at every distinct score is the probability that a positive row scores above a negative one, ties
    /// counting half.</summary>
    /// <returns>The area; 0 for fewer than two points.</returns>
    public double Area()
    {
        double area = 0;
        for (int i = 1; i < X.Count; i++)
        {
            area += (X[i] - X[i - 1]) * (Y[i] + Y[i - 1]) / 2;
        }
        return area;
    }
}
