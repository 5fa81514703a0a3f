using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Learns the median of the present training values of each column — of each slot of a vector column when imputing by
/// slot, else of all its slots together — that replaces its missing values, as scikit-learn's
/// <c>SimpleImputer(strategy="median")</c> does (the mean of the two middle values for an even count). Created by
/// <see cref="ImputationCatalog.ReplaceMissingValuesByMedian(TransformsCatalog, string, string, bool)"/>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input column</term><description>Single or Double, or a known-size vector of them.</description></item>
/// <item><term>Output column</term><description>The input's type, slot names and normalization flag.</description></item>
/// <item><term>Exportable to ONNX</term><description>Yes.</description></item>
/// </list>
/// A slot (or, not imputing by slot, a column) with no present value in the training data has no median: fitting
/// throws <see cref="InvalidDataException"/> naming the column and slot.
/// </remarks>
public sealed class MedianImputingEstimator : IEstimator<MedianImputingTransformer>
{
    private readonly IHost _host;
    private readonly InputOutputColumnPair[] _columns;
    private readonly bool _imputeBySlot;

    internal MedianImputingEstimator(IHostEnvironment env, InputOutputColumnPair[] columns, bool imputeBySlot)
    {
        Contracts.CheckValue(env, nameof(env));
        _host = env.Register(nameof(MedianImputingEstimator));
        _host.CheckNonEmpty(columns, nameof(columns));
        _columns = columns;
        _imputeBySlot = imputeBySlot;
    }

    /// <summary>Computes the medians over <paramref name="input"/>.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The transformer that replaces missing values by these medians.</returns>
    public MedianImputingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        DataViewSchema.Column[] columns = [.. _columns.Select(pair => ImputerSchema.Require(_host, input.Schema, pair.InputColumnName, vectorOnly: false))];
        double[][] medians = [.. columns.Select(column =>
        {
            bool vector = column.Type is VectorDataViewType;
            double[] x = vector ? ColumnReader.ReadVectorsAsDouble(input, column, out _) : ColumnReader.ReadScalars(input, column);
            int width = vector ? ((VectorDataViewType)column.Type).Size : 1;
            return PresentValues.SortedBySlot(x, width, !_imputeBySlot, column.Name, "the median").Select(PresentValues.Median).ToArray();
        })];
        return new MedianImputingTransformer(_host, [.. _columns.Select(c => (c.OutputColumnName, c.InputColumnName))], [.. columns.Select(c => c.Type)], medians);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ImputerSchema.Output(_host, inputSchema, _columns, vectorOnly: false);
}
