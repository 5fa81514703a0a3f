using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>
/// The featurization a search puts before every trainer, from the columns' roles: numeric columns with missing values
/// get the column mean (ML.NET's <c>ReplaceMissingValues</c>) and an indicator slot (<c>IndicateMissingValues</c>);
/// categorical text is one-hot encoded (<c>OneHotEncoding</c>) or hashed into 2^<see cref="HashBits"/> slots
/// (<c>OneHotHashEncoding</c>); free text is featurized (<c>FeaturizeText</c>); everything is concatenated into
/// <see cref="FeatureColumnName"/> and standardized (<c>NormalizeMeanVariance</c>), which the networks need and trees
/// ignore.
/// </summary>
public static class Featurization
{
    /// <summary>The feature vector the trainers read: "Features".</summary>
    public const string FeatureColumnName = "Features";

    /// <summary>The hashed slots of a high-cardinality text column, as bits: 10 (1024 slots).</summary>
    public const int HashBits = 10;

    /// <summary>The featurization of <paramref name="analysis"/>'s columns.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="analysis">The columns.</param>
    /// <returns>The estimator chain and one line per step, as the report and the console print it.</returns>
    public static (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Steps) Create(MLContext ml, DatasetAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(analysis);
        var steps = new List<string>();
        var parts = new List<string>();
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        void Add(IEstimator<ITransformer> estimator, string step)
        {
            chain = chain.Append(estimator);
            steps.Add(step);
        }
        DatasetColumn[] numeric = [.. analysis.FeatureColumns.Where(c => c.Role == ColumnRole.Numeric)];
        DatasetColumn[] incomplete = [.. numeric.Where(c => c.MissingValues > 0)];
        if (incomplete.Length > 0)
        {
            string names = string.Join(", ", incomplete.Select(c => c.Name));
            Add(ml.Transforms.IndicateMissingValues([.. incomplete.Select(c => new InputOutputColumnPair(Missing(c), c.Name))]), $"IndicateMissingValues({names})");
            Add(ml.Transforms.Conversion.ConvertType([.. incomplete.Select(c => new InputOutputColumnPair(Missing(c)))], DataKind.Single), $"ConvertType(indicators of {names}, Single)");
            Add(ml.Transforms.ReplaceMissingValues([.. incomplete.Select(c => new InputOutputColumnPair(c.Name))], MissingValueReplacingEstimator.ReplacementMode.Mean), $"ReplaceMissingValues({names}, Mean)");
            parts.AddRange(incomplete.Select(Missing));
        }
        parts.AddRange(numeric.Select(c => c.Name));
        foreach (DatasetColumn c in analysis.FeatureColumns)
        {
            switch (c.Role)
            {
                case ColumnRole.Categorical:
                    Add(ml.Transforms.Categorical.OneHotEncoding(Encoded(c), c.Name), $"OneHotEncoding({c.Name})");
                    parts.Add(Encoded(c));
                    break;
                case ColumnRole.HashedCategorical:
                    Add(ml.Transforms.Categorical.OneHotHashEncoding(Encoded(c), c.Name, numberOfBits: HashBits), $"OneHotHashEncoding({c.Name}, {HashBits} bits)");
                    parts.Add(Encoded(c));
                    break;
                case ColumnRole.Text:
                    Add(ml.Transforms.Text.FeaturizeText(Encoded(c), c.Name), $"FeaturizeText({c.Name})");
                    parts.Add(Encoded(c));
                    break;
            }
        }
        Add(ml.Transforms.Concatenate(FeatureColumnName, [.. parts]), $"Concatenate({FeatureColumnName}: {string.Join(", ", parts)})");
        Add(ml.Transforms.NormalizeMeanVariance(FeatureColumnName), $"NormalizeMeanVariance({FeatureColumnName})");
        return (chain, steps);
    }

    private static string Missing(DatasetColumn c) => $"{c.Name}_missing";

    private static string Encoded(DatasetColumn c) => $"{c.Name}_encoded";
}
