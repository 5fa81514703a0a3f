using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.DataView;

/// <summary>A fully materialized table; batches of fixed-width columns are windows on its arrays, not copies.</summary>
internal sealed class InMemoryDataView : BatchDataView
{
    private readonly ColumnBuffer[] _columns;
    private readonly int _rowCount;

    internal InMemoryDataView(DataViewSchema schema, ColumnBuffer[] columns, int rowCount)
    {
        Schema = schema;
        _columns = columns;
        _rowCount = rowCount;
    }

    public override DataViewSchema Schema { get; }

    public override long? GetRowCount() => _rowCount;

    /// <summary>Reads every row of <paramref name="source"/> into memory.</summary>
    internal static InMemoryDataView Materialize(IDataView source)
    {
        BatchDataView view = From(source);
        var columns = new ColumnBuffer[view.Schema.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = ColumnBuffers.Create(view.Schema[i].Type);
        }

        long rows = 0;
        using DataViewBatchCursor cursor = view.GetBatchCursor(AllActive(view.Schema), DataViewBatchExtensions.DefaultBatchSize);
        while (cursor.MoveNext())
        {
            for (int i = 0; i < columns.Length; i++)
            {
                columns[i].AppendRowsFrom(cursor.Batch[i]!);
            }

            rows += cursor.Batch.RowCount;
            if (rows > int.MaxValue)
            {
                throw new InvalidOperationException($"Cannot hold more than {int.MaxValue} rows in memory.");
            }
        }

        return new InMemoryDataView(view.Schema, columns, (int)rows);
    }

    /// <summary>A new table of the planned rows of this one: its kept rows, then copies of the seed rows whose column
    /// <paramref name="featureColumn"/> (a fixed-size Single or Double vector) holds the plan's synthetic values.</summary>
    internal InMemoryDataView Resampled(Transforms.ResamplingPlan plan, int featureColumn)
    {
        int[] rows = [.. plan.Rows, .. plan.Seeds];
        var columns = new ColumnBuffer[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            columns[i] = ColumnBuffers.Create(Schema[i].Type);
            columns[i].CopyRowsFrom(_columns[i], rows);
        }

        if (plan.Seeds.Count > 0)
        {
            switch (columns[featureColumn])
            {
                case ColumnBuffer<float> single:
                    WriteSynthetic(single, plan, v => (float)v);
                    break;
                case ColumnBuffer<double> wide:
                    WriteSynthetic(wide, plan, v => v);
                    break;
            }
        }

        return new InMemoryDataView(Schema, columns, rows.Length);
    }

    /// <summary>A new table of the rows <paramref name="rows"/> of this one (repeats allowed), whose column
    /// <paramref name="column"/> becomes a vector of <paramref name="width"/> Single values per row taken from
    /// <paramref name="values"/> (the selected rows' values, row after row), without annotations.</summary>
    internal InMemoryDataView Derive(ReadOnlySpan<int> rows, int column, float[] values, int width)
    {
        var builder = new DataViewSchema.Builder();
        var columns = new ColumnBuffer[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            if (i == column)
            {
                var replaced = new ColumnBuffer<float>();
                values.AsSpan(0, rows.Length * width).CopyTo(replaced.ResetFixed(rows.Length, width));
                columns[i] = replaced;
                builder.AddColumn(Schema[i].Name, new VectorDataViewType(NumberDataViewType.Single, width));
                continue;
            }

            columns[i] = ColumnBuffers.Create(Schema[i].Type);
            columns[i].CopyRowsFrom(_columns[i], rows);
            builder.AddColumn(Schema[i].Name, Schema[i].Type, Schema[i].Annotations);
        }

        return new InMemoryDataView(builder.ToSchema(), columns, rows.Length);
    }

    /// <summary>Reads rows in the order given by <paramref name="order"/> (indices into this table).</summary>
    internal DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize, int[]? order) => new Cursor(this, active, batchSize, order);

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize, null);

    private sealed class Cursor : BatchCursorBase
    {
        private readonly InMemoryDataView _table;
        private readonly int _batchSize;
        private readonly int[]? _order;
        private int _next;

        public Cursor(InMemoryDataView table, bool[] active, int batchSize, int[]? order)
            : base(NewBatch(table.Schema, active))
        {
            _table = table;
            _batchSize = batchSize;
            _order = order;
        }

        protected override int FillNext()
        {
            int total = _order?.Length ?? _table._rowCount;
            int rows = Math.Min(_batchSize, total - _next);
            if (rows <= 0)
            {
                return 0;
            }

            for (int i = 0; i < _table._columns.Length; i++)
            {
                ColumnBuffer? target = Batch[i];
                if (target is null)
                {
                    continue;
                }

                if (_order is null)
                {
                    target.WindowOn(_table._columns[i], _next, rows);
                }
                else
                {
                    target.CopyRowsFrom(_table._columns[i], _order.AsSpan(_next, rows));
                }
            }

            _next += rows;
            return rows;
        }
    }

    private static void WriteSynthetic<T>(ColumnBuffer<T> features, Transforms.ResamplingPlan plan, Func<double, T> convert)
    {
        for (int i = 0; i < plan.Seeds.Count; i++)
        {
            Span<T> row = features.RowForWriting(plan.Rows.Count + i);
            for (int slot = 0; slot < plan.Width; slot++)
            {
                row[slot] = convert(plan.SyntheticFeatures[(i * plan.Width) + slot]);
            }
        }
    }
}
