using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// The rows an ensemble trains a member (or its meta-learner) on: rows of the cached training data chosen by index,
/// repeats allowed (a bootstrap sample, a stacking fold), every column as it was, except the feature column when the
/// member reads other values there (a sample of the slots, or the members' outputs for the meta-learner), which come from
/// memory. A cursor given a <see cref="Random"/> visits the rows in an order shuffled by it.
/// </summary>
internal sealed class EnsembleSample : IDataView
{
    private readonly IRowSeekable _source;
    private readonly int[] _rows;
    private readonly int _featureColumn;
    private readonly float[]? _features;
    private readonly int _width;

    /// <summary>A view of <paramref name="rows"/> of <paramref name="source"/>.</summary>
    /// <param name="source">The cached training data.</param>
    /// <param name="rows">The source row of each row of the view.</param>
    /// <param name="featureColumn">The index of the feature column.</param>
    /// <param name="features">The feature values of each row of the view, <paramref name="width"/> per row, or null for
    /// the source's.</param>
    /// <param name="width">The size of the feature vector of <paramref name="features"/>.</param>
    public EnsembleSample(IRowSeekable source, int[] rows, int featureColumn, float[]? features = null, int width = 0)
    {
        _source = source;
        _rows = rows;
        _featureColumn = featureColumn;
        _features = features;
        _width = width;
        var builder = new DataViewSchema.Builder();
        foreach (DataViewSchema.Column column in source.Schema)
        {
            if (column.Index == featureColumn && features is not null)
            {
                builder.AddColumn(column.Name, new VectorDataViewType(NumberDataViewType.Single, width));
            }
            else
            {
                builder.AddColumn(column.Name, column.Type, column.Annotations);
            }
        }

        Schema = builder.ToSchema();
    }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <inheritdoc/>
    public long? GetRowCount() => _rows.Length;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, [.. columnsNeeded.Select(c => c.Index)], rand);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly EnsembleSample _parent;
        private readonly bool[] _active;
        private readonly RowSeeker _seeker;
        private readonly int[] _order;
        private long _position = -1;

        public Cursor(EnsembleSample parent, int[] active, Random? rand)
        {
            _parent = parent;
            _active = new bool[parent.Schema.Count];
            foreach (int c in active)
            {
                _active[c] = true;
            }

            bool fromSource(int c) => c < _active.Length && _active[c] && !(c == parent._featureColumn && parent._features is not null);
            _seeker = parent._source.GetSeeker(fromSource);
            _order = [.. Enumerable.Range(0, parent._rows.Length)];
            if (rand is not null)
            {
                rand.Shuffle(_order);
            }
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_order[_position], 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not asked for when the cursor was made.");
            }

            if (column.Index != _parent._featureColumn || _parent._features is null)
            {
                return _seeker.GetGetter<TValue>(_seeker.Schema[column.Index]);
            }

            ValueGetter<VBuffer<float>> features = (ref VBuffer<float> value) =>
            {
                int width = _parent._width;
                var editor = VBufferEditor.Create(ref value, width);
                _parent._features.AsSpan(_order[_position] * width, width).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)features;
        }

        public override bool MoveNext()
        {
            if (_position + 1 >= _order.Length)
            {
                _position = -1;
                return false;
            }

            _position++;
            return _seeker.MoveTo(_parent._rows[_order[_position]]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _seeker.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
