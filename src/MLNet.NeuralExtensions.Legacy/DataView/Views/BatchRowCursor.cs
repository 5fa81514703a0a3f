using System.Reflection;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>Serves rows one at a time by walking the batches of a batch cursor.</summary>
internal sealed class BatchRowCursor : DataViewRowCursor
{
    private static readonly MethodInfo s_vectorGetter = typeof(BatchRowCursor).GetMethod(nameof(MakeVectorGetter), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo s_scalarGetter = typeof(BatchRowCursor).GetMethod(nameof(MakeScalarGetter), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private readonly DataViewBatchCursor _batches;
    private bool _inBatch;
    private int _row = -1;
    private long _position = -1;

    public BatchRowCursor(DataViewBatchCursor batches) => _batches = batches;

    public override long Position => _position;

    public override DataViewSchema Schema => _batches.Schema;

    public override bool IsColumnActive(DataViewSchema.Column column) => IsActive(column.Index);

    public override bool MoveNext()
    {
        if (_inBatch && _row + 1 < _batches.Batch.RowCount)
        {
            _row++;
            _position++;
            return true;
        }

        while (_batches.MoveNext())
        {
            if (_batches.Batch.RowCount > 0)
            {
                _inBatch = true;
                _row = 0;
                _position++;
                return true;
            }
        }

        _inBatch = false;
        return false;
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsActive(column.Index))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was opened.");
        }

        DataViewType type = Schema[column.Index].Type;
        if (typeof(TValue) != type.RawType)
        {
            throw new InvalidOperationException($"Column '{column.Name}' is {type}, read as {type.RawType.Name}; a getter of {typeof(TValue).Name} was asked for.");
        }

        Type item = ColumnBuffers.ItemType(type).RawType;
        MethodInfo factory = type is VectorDataViewType ? s_vectorGetter : s_scalarGetter;
        return (ValueGetter<TValue>)factory.MakeGenericMethod(item).Invoke(this, [column.Index])!;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _batches.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool IsActive(int index) => index >= 0 && index < Schema.Count && _batches.Batch[index] is not null;

    private ValueGetter<T> MakeScalarGetter<T>(int index) => (ref T value) => value = Current<T>(index).Values[_row];

    private ValueGetter<VBuffer<T>> MakeVectorGetter<T>(int index) => (ref VBuffer<T> value) => VBuffer<T>.CopyFrom(Current<T>(index).GetRow(_row), ref value);

    private ColumnBuffer<T> Current<T>(int index)
    {
        if (!_inBatch)
        {
            throw new InvalidOperationException("The cursor is not on a row; call MoveNext first and read only while it returns true.");
        }

        return (ColumnBuffer<T>)_batches.Batch[index]!;
    }
}
