using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Runtime;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The rows a <see cref="ResamplingPlan"/> makes of its source, streamed: every cursor passes once over the source and
/// outputs each source row as many times as the plan says, followed by the synthetic rows grown from it, which read
/// every column from that row except the feature column. The schema is the source's. The view cannot shuffle (append
/// a cache checkpoint after the sampler for trainers that shuffle).
/// </summary>
internal sealed class ResampledDataView : IDataView
{
    private readonly IHost _host;
    private readonly IDataView _source;
    private readonly ResamplingPlan _plan;
    private readonly int _features;

    /// <param name="host">The host, for channels and errors.</param>
    /// <param name="source">The data the plan was made from.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="features">The index of the feature column the synthetic rows replace, or −1 when there are none.</param>
    public ResampledDataView(IHost host, IDataView source, ResamplingPlan plan, int features)
    {
        _host = host;
        _source = source;
        _plan = plan;
        _features = features;
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema => _source.Schema;

    /// <inheritdoc/>
    public long? GetRowCount() => _plan.RowCount;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        DataViewSchema.Column[] columns = [.. columnsNeeded];
        return new Cursor(this, _source.GetRowCursor(columns), Utils.BuildArray(Schema.Count, columns));
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : LinkedRowRootCursorBase
    {
        private readonly ResamplingPlan _plan;
        private readonly int _features;
        private int _row = -1;
        private int _emitted;
        private int _emissions;
        private int _synthetic = -1;

        public Cursor(ResampledDataView parent, DataViewRowCursor input, bool[] active)
            : base(parent._host, input, parent.Schema, active)
        {
            _plan = parent._plan;
            _features = parent._features;
        }

        public override long Batch => 0;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            ValueGetter<TValue> source = Input.GetGetter<TValue>(column);
            if (column.Index != _features)
            {
                return source;
            }

            var features = (ValueGetter<VBuffer<float>>)(Delegate)source;
            int width = _plan.Width;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                if (_synthetic < 0)
                {
                    features(ref value);
                    return;
                }

                VBufferEditor<float> editor = VBufferEditor.Create(ref value, width);
                _plan.Synthetic(_synthetic).CopyTo(editor.Values);
                value = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
        {
            ValueGetter<DataViewRowId> input = Input.GetIdGetter();
            return (ref DataViewRowId id) =>
            {
                input(ref id);
                if (_emitted > 0)
                {
                    id = id.Combine(new DataViewRowId((ulong)_emitted, 0));
                }
            };
        }

        protected override bool MoveNextCore()
        {
            while (_row < 0 || ++_emitted >= _emissions)
            {
                bool more = Input.MoveNext();
                if (more ? _row + 1 >= _plan.SourceRows : _row + 1 != _plan.SourceRows)
                {
                    throw Ch.Except($"The data has {(more ? "more" : "fewer")} rows than the {_plan.SourceRows} it had when it was resampled; a sampler's output must be read over the data it was made from.");
                }

                if (!more)
                {
                    return false;
                }

                _row++;
                _emitted = 0;
                _emissions = _plan.Copies(_row) + _plan.SyntheticCount(_row);
                if (_emissions > 0)
                {
                    break;
                }
            }

            int copies = _plan.Copies(_row);
            _synthetic = _emitted < copies ? -1 : _plan.FirstSynthetic(_row) + _emitted - copies;
            return true;
        }
    }
}
