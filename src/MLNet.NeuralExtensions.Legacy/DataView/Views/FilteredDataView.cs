using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>The rows of a view that pass a predicate; row order is kept.</summary>
internal sealed class FilteredDataView : BatchDataView
{
    private readonly BatchDataView _source;
    private readonly int[] _predicateColumns;
    private readonly Func<DataViewBatch, int, bool> _keep;
    private readonly long _stopAt;

    /// <param name="source">The rows.</param>
    /// <param name="predicateColumns">Columns the predicate reads.</param>
    /// <param name="keep">Given a batch and a row in it, whether to keep the row.</param>
    /// <param name="stopAt">A source position from which no row can pass, so reading can stop early.</param>
    public FilteredDataView(IDataView source, int[] predicateColumns, Func<DataViewBatch, int, bool> keep, long stopAt = long.MaxValue)
    {
        _source = From(source);
        _predicateColumns = predicateColumns;
        _keep = keep;
        _stopAt = stopAt;
    }

    public override DataViewSchema Schema => _source.Schema;

    public override long? GetRowCount() => null;

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize);

    private sealed class Cursor : BatchCursorBase
    {
        private readonly FilteredDataView _view;
        private readonly DataViewBatchCursor _input;
        private readonly bool[] _active;
        private int[] _selected = new int[16];

        public Cursor(FilteredDataView view, bool[] active, int batchSize)
            : base(NewBatch(view.Schema, active))
        {
            _view = view;
            _active = active;
            var sourceActive = (bool[])active.Clone();
            foreach (int c in view._predicateColumns)
            {
                sourceActive[c] = true;
            }

            _input = view._source.GetBatchCursor(sourceActive, batchSize);
        }

        protected override int FillNext()
        {
            while (_input.MoveNext())
            {
                DataViewBatch input = _input.Batch;
                if (input.Position >= _view._stopAt)
                {
                    return 0;
                }

                if (_selected.Length < input.RowCount)
                {
                    _selected = new int[input.RowCount];
                }

                int count = 0;
                for (int r = 0; r < input.RowCount; r++)
                {
                    if (_view._keep(input, r))
                    {
                        _selected[count++] = r;
                    }
                }

                if (count == 0)
                {
                    continue;
                }

                for (int c = 0; c < _active.Length; c++)
                {
                    if (_active[c])
                    {
                        Batch[c]!.CopyRowsFrom(input[c]!, _selected.AsSpan(0, count));
                    }
                }

                return count;
            }

            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
