namespace MLNet.NeuralExtensions.ModelSearch.Reporting;

/// <summary>How much the model's metric worsens when one column of the dataset is shuffled among the held-out rows
/// (see <see cref="PermutationImportance"/>).</summary>
/// <param name="ColumnName">The dataset's column.</param>
/// <param name="Decrease">The mean worsening of the metric over the shuffles: the unshuffled value minus the shuffled
/// one for a metric where higher is better, the reverse otherwise; so larger means more important, and near zero or
/// below means the model does not rely on the column.</param>
/// <param name="StandardDeviation">The worsening's standard deviation over the shuffles.</param>
public sealed record ColumnImportance(string ColumnName, double Decrease, double StandardDeviation);
