using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions;

/// <summary>Predicts one example at a time with a fitted model.</summary>
/// <typeparam name="TSrc">The input class.</typeparam>
/// <typeparam name="TDst">The output class.</typeparam>
/// <remarks>A PredictionEngine is NOT thread-safe: it reuses one input slot. Use one engine per thread, or a <see cref="PredictionEnginePool{TSrc, TDst}"/>.</remarks>
public sealed class PredictionEngine<TSrc, TDst> : IDisposable
    where TSrc : class
    where TDst : class, new()
{
    private readonly TSrc[] _slot = new TSrc[1];
    private readonly IDataView _output;
    private readonly RowWriter<TDst> _writer;

    internal PredictionEngine(ITransformer transformer)
    {
        var source = new EnumerableDataView<TSrc>(_slot, TypeSchema.Create(typeof(TSrc)));
        _output = transformer.Transform(source);
        _writer = new RowWriter<TDst>(_output.Schema, TypeSchema.Create(typeof(TDst)), ignoreMissingColumns: true);
    }

    /// <summary>Gets the schema of the model's output.</summary>
    public DataViewSchema OutputSchema => _output.Schema;

    /// <summary>Predicts for one example.</summary>
    /// <param name="example">The input.</param>
    /// <returns>A new output object.</returns>
    public TDst Predict(TSrc example)
    {
        var prediction = new TDst();
        Predict(example, ref prediction);
        return prediction;
    }

    /// <summary>Predicts for one example into an existing output object.</summary>
    /// <param name="example">The input.</param>
    /// <param name="prediction">The object to fill; a new one is created when it is <see langword="null"/>.</param>
    public void Predict(TSrc example, ref TDst prediction)
    {
        ArgumentNullException.ThrowIfNull(example);
        prediction ??= new TDst();
        _slot[0] = example;
        try
        {
            using DataViewBatchCursor cursor = _output.GetBatchCursor(_writer.Columns, 1);
            if (!cursor.MoveNext() || cursor.Batch.RowCount != 1)
            {
                throw new InvalidOperationException("The model produced no output row for the example; prediction engines need a row-to-row model.");
            }

            _writer.Write(cursor.Batch, 0, prediction);
        }
        finally
        {
            _slot[0] = null!;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
