using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Learns, from the training data with NaN ignored, the value that replaces NaN in each column (per slot of a vector
/// column with imputeBySlot, else one value for the whole column). Created by <c>mlContext.Transforms.ReplaceMissingValues</c>.
/// A slot that is missing in every training row is replaced by 0.
/// </summary>
public sealed class MissingValueReplacingEstimator : IEstimator<MissingValueReplacingTransformer>
{
    private const string Expected = "Single or Double, or a vector of them (of known size when imputing by slot)";
    private readonly InputOutputColumnPair[] _columns;
    private readonly ReplacementMode _mode;
    private readonly bool _imputeBySlot;

    internal MissingValueReplacingEstimator(InputOutputColumnPair[] columns, ReplacementMode mode, bool imputeBySlot)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown replacement mode.");
        }

        _columns = columns;
        _mode = mode;
        _imputeBySlot = imputeBySlot;
    }

    /// <summary>What replaces a missing value. The numbering is ML.NET's (which has no 4); Median is this library's addition.</summary>
    public enum ReplacementMode : byte
    {
        /// <summary>The type's default value, 0 (the default); nothing is learned.</summary>
        DefaultValue = 0,

        /// <summary>The mean of the training values.</summary>
        Mean = 1,

        /// <summary>The smallest training value.</summary>
        Minimum = 2,

        /// <summary>The largest training value.</summary>
        Maximum = 3,

        /// <summary>The most frequent training value, the smallest of equally frequent ones.</summary>
        Mode = 5,

        /// <summary>The median of the training values.</summary>
        Median = 6,
    }

    /// <summary>Learns the replacement values.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The fitted transformer.</returns>
    public MissingValueReplacingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column[] inputs = [.. _columns.Select(c => Require(input.Schema, c))];
        bool keepValues = _mode is ReplacementMode.Mode or ReplacementMode.Median;
        SlotStatistics[] statistics = _mode == ReplacementMode.DefaultValue
            ? [.. inputs.Select(c => new SlotStatistics(ColumnBuffers.Width(c.Type), false, Pooled(c.Type)))]
            : SlotStatistics.Gather(input, [.. inputs.Select(c => new SlotStatistics.Request(c, long.MaxValue, keepValues, Pooled: Pooled(c.Type)))]);
        return new MissingValueReplacingTransformer([.. _columns.Select((pair, i) => Column(pair, inputs[i].Type, [.. Enumerable.Range(0, statistics[i].Width).Select(s => Replacement(statistics[i], s))]))]);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return SchemaShapeBridge.Propagate(inputSchema, schema => new MissingValueReplacingTransformer([.. _columns.Select(pair =>
            Column(pair, Require(schema, pair).Type, [0.0]))]).GetOutputSchema(schema));
    }

    private static MissingValueReplacingTransformer.ReplacedColumn Column(InputOutputColumnPair pair, DataViewType type, double[] values) =>
        new(pair, NumericColumnType.Of(type, anySize: values.Length == 1), values);

    /// <summary>Whether one value serves the whole column: when not imputing by slot, or when the vector's size varies.</summary>
    private bool Pooled(DataViewType type) => !_imputeBySlot || type is VectorDataViewType { IsKnownSize: false };

    private DataViewSchema.Column Require(DataViewSchema schema, InputOutputColumnPair pair) =>
        SchemaErrors.Require(schema, pair.InputColumnName, t => SchemaErrors.IsNumericScalarOrVector(t) &&
            (!_imputeBySlot || _mode == ReplacementMode.DefaultValue || t is not VectorDataViewType { IsKnownSize: false }), Expected);

    private double Replacement(SlotStatistics statistics, int slot)
    {
        if (statistics.Count(slot) == 0)
        {
            return 0;
        }

        return _mode switch
        {
            ReplacementMode.Mean => statistics.Mean(slot),
            ReplacementMode.Minimum => statistics.Min(slot),
            ReplacementMode.Maximum => statistics.Max(slot),
            ReplacementMode.Mode => statistics.Mode(slot),
            ReplacementMode.Median => statistics.Quantile(slot, 0.5),
            _ => 0,
        };
    }
}
