using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Data;

/// <summary>Columnar, block-at-a-time reading of any <see cref="IDataView"/>.</summary>
public static class DataViewBatchExtensions
{
    /// <summary>The number of rows per batch when none is given.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>Opens a cursor that reads <paramref name="columnsNeeded"/> in blocks of up to <paramref name="batchSize"/> rows.</summary>
    /// <param name="data">The data view.</param>
    /// <param name="columnsNeeded">The columns to read.</param>
    /// <param name="batchSize">The largest number of rows per batch; defaults to <see cref="DefaultBatchSize"/>.</param>
    /// <returns>A cursor positioned before the first batch.</returns>
    public static DataViewBatchCursor GetBatchCursor(this IDataView data, IEnumerable<DataViewSchema.Column> columnsNeeded, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        BatchDataView view = BatchDataView.From(data);
        return view.GetBatchCursor(BatchDataView.ActiveMask(view.Schema, columnsNeeded), batchSize);
    }
}
