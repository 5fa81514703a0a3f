using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>The input columns plus the columns a <see cref="ColumnMapper"/> computes, batch by batch, as they are read.</summary>
internal sealed class MappedDataView : BatchDataView
{
    private readonly BatchDataView _source;
    private readonly ColumnMapper _mapper;

    public MappedDataView(IDataView source, ColumnMapper mapper)
    {
        _source = From(source);
        _mapper = mapper;
    }

    public override DataViewSchema Schema => _mapper.OutputSchema;

    public override long? GetRowCount() => _source.GetRowCount();

    public override DataViewBatchCursor GetBatchCursor(bool[] active, int batchSize) => new Cursor(this, active, batchSize);

    private sealed class Cursor : BatchCursorBase
    {
        private readonly DataViewBatchCursor _input;
        private readonly (ColumnMapper.OutputColumn Output, ColumnBuffer Buffer)[] _computed;

        public Cursor(MappedDataView view, bool[] active, int batchSize)
            : base(new DataViewBatch(view.Schema))
        {
            int inputCount = view._source.Schema.Count;
            var inputActive = new bool[inputCount];
            Array.Copy(active, inputActive, inputCount);
            var computed = new List<(ColumnMapper.OutputColumn, ColumnBuffer)>();
            for (int j = 0; j < view._mapper.Outputs.Count; j++)
            {
                if (!active[inputCount + j])
                {
                    continue;
                }

                ColumnMapper.OutputColumn output = view._mapper.Outputs[j];
                foreach (int dependency in output.Inputs)
                {
                    inputActive[dependency] = true;
                }

                ColumnBuffer buffer = ColumnBuffers.Create(output.Column.Type);
                Batch[inputCount + j] = buffer;
                computed.Add((output, buffer));
            }

            _computed = computed.ToArray();
            _input = view._source.GetBatchCursor(inputActive, batchSize);
            for (int i = 0; i < inputCount; i++)
            {
                if (active[i])
                {
                    Batch[i] = _input.Batch[i];
                }
            }
        }

        protected override int FillNext()
        {
            if (!_input.MoveNext())
            {
                return 0;
            }

            DataViewBatch input = _input.Batch;
            foreach ((ColumnMapper.OutputColumn output, ColumnBuffer buffer) in _computed)
            {
                output.Fill(input, buffer);
            }

            return input.RowCount;
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
