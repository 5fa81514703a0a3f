namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>One column of the dataset as the inference saw it.</summary>
/// <param name="Name">The header's name.</param>
/// <param name="Index">The zero-based position in a row.</param>
/// <param name="Role">What the column becomes.</param>
/// <param name="Reason">Why it got that role, in a few words.</param>
/// <param name="DistinctValues">The distinct non-missing values seen.</param>
/// <param name="MissingValues">The rows whose value is empty or a missing-value marker ("NA", "?", "null", …).</param>
/// <param name="IsNumeric">Whether every non-missing value parses as a number.</param>
public sealed record DatasetColumn(string Name, int Index, ColumnRole Role, string Reason, int DistinctValues, int MissingValues, bool IsNumeric);
