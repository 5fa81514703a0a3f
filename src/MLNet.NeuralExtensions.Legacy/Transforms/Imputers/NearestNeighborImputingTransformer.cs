using System.Numerics;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;
using Weighting = MLNet.NeuralExtensions.Transforms.NearestNeighborImputingEstimator.Weighting;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Fills each NaN slot of a vector column with the average of that slot over the k training rows nearest to the row
/// (nan-euclidean distance) among those where the slot is present, uniformly or by inverse distance, as scikit-learn's
/// KNNImputer does. A row that shares no present slot with any such training row gets the slot's training mean (0 when
/// the slot was never present). The training rows are part of the model and of its file.
/// </summary>
public sealed class NearestNeighborImputingTransformer : RowToRowTransformerBase, ICanExportOnnx
{
    internal const string LoaderSignature = "KnnImputeTransform";
    private const int QueryBlock = 16;
    private readonly InputOutputColumnPair _column;
    private readonly DataViewType _type;
    private readonly double[] _train;
    private readonly int _width;
    private readonly double[] _means;
    private readonly NanEuclideanDistances _distances;
    private readonly int[][] _donors;

    internal NearestNeighborImputingTransformer(InputOutputColumnPair column, DataViewType type, double[] train, int numberOfNeighbors, Weighting weighting)
    {
        _column = column;
        _type = type;
        _train = train;
        _width = ColumnBuffers.Width(type);
        NumberOfNeighbors = numberOfNeighbors;
        NeighborWeighting = weighting;
        _means = new double[_width];
        for (int slot = 0; slot < _width; slot++)
        {
            double sum = 0;
            int count = 0;
            for (int i = slot; i < train.Length; i += _width)
            {
                if (!double.IsNaN(train[i]))
                {
                    sum += train[i];
                    count++;
                }
            }

            _means[slot] = count > 0 ? sum / count : 0;
        }

        _distances = new NanEuclideanDistances(train, _width, [.. Enumerable.Range(0, TrainingRowCount)]);
        _donors = [.. Enumerable.Range(0, _width).Select(slot => Enumerable.Range(0, TrainingRowCount).Where(r => !double.IsNaN(train[(r * _width) + slot])).ToArray())];
    }

    /// <summary>Gets the number of neighbours averaged.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>Gets how neighbours are weighted.</summary>
    public Weighting NeighborWeighting { get; }

    /// <summary>Gets the number of training rows kept.</summary>
    public int TrainingRowCount => _train.Length / _width;

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        DataViewSchema.Column input = SchemaErrors.Require(inputSchema, _column.InputColumnName, t => t.Equals(_type), $"{SchemaShapeBridge.Describe(_type)} of size {_width} (the type it was fitted on)");
        var output = new DataViewSchema.DetachedColumn(_column.OutputColumnName, input.Type, input.Annotations);
        return new(inputSchema, [new ColumnMapper.OutputColumn(output, [input.Index], ColumnBuffers.ItemType(_type).RawType == typeof(double) ? Fill<double>(input.Index) : Fill<float>(input.Index))]);
    }

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context) =>
        throw new NotSupportedException($"Nearest-neighbour imputation of column '{_column.InputColumnName}' cannot be exported to ONNX: it searches the kept training rows for each row, which ONNX's operators do not express at a usable cost. Use ReplaceMissingValues or ReplaceMissingValuesIteratively for an exportable pipeline.");

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.Write(ctx.Writer, [_column]);
        ctx.Writer.Write(ColumnBuffers.ItemType(_type).RawType == typeof(double));
        ctx.Writer.Write(_width);
        ctx.Writer.Write(NumberOfNeighbors);
        ctx.Writer.Write((byte)NeighborWeighting);
        ctx.Writer.Write(_train.Length);
        foreach (double v in _train)
        {
            ctx.Writer.Write(v);
        }
    }

    internal static NearestNeighborImputingTransformer Load(ModelLoadContext ctx)
    {
        InputOutputColumnPair[] pairs = PairCodec.Read(ctx);
        bool isDouble = ctx.Reader.ReadBoolean();
        int width = ctx.Reader.ReadInt32();
        int k = ctx.Reader.ReadInt32();
        var weighting = (Weighting)ctx.Reader.ReadByte();
        int count = ctx.Reader.ReadInt32();
        ctx.CheckCount(count, "training values");
        if (pairs.Length != 1 || width < 1 || k < 1 || !Enum.IsDefined(weighting) || count % width != 0)
        {
            throw ctx.Error($"its settings (columns {pairs.Length}, width {width}, k {k}, weighting {(byte)weighting}, {count} values) are inconsistent.");
        }

        double[] train = [.. Enumerable.Range(0, count).Select(_ => ctx.Reader.ReadDouble())];
        var type = new VectorDataViewType(isDouble ? NumberDataViewType.Double : NumberDataViewType.Single, width);
        return new NearestNeighborImputingTransformer(pairs[0], type, train, k, weighting);
    }

    private Action<DataViewBatch, ColumnBuffer> Fill<T>(int input)
        where T : INumberBase<T> => (batch, destination) =>
    {
        var source = (ColumnBuffer<T>)batch[input]!;
        int rows = batch.RowCount;
        T[] result = new T[rows * _width];
        source.Values.CopyTo(result);
        int blocks = (rows + QueryBlock - 1) / QueryBlock;
        Parallel.For(0, blocks, () => (new double[QueryBlock * _width], new double[QueryBlock * TrainingRowCount], new int[QueryBlock]), (block, _, scratch) =>
        {
            ImputeBlock(result.AsSpan(block * QueryBlock * _width, Math.Min(QueryBlock, rows - (block * QueryBlock)) * _width), scratch);
            return scratch;
        }, _ => { });
        result.CopyTo(((ColumnBuffer<T>)destination).ResetFixed(rows, _width));
    };

    /// <summary>Imputes the missing slots of a block of rows in place: the rows with a missing slot are gathered, their
    /// distances to every training row computed together, then each missing slot is averaged over its donors.</summary>
    private void ImputeBlock<T>(Span<T> values, (double[] Queries, double[] Distances, int[] Rows) scratch)
        where T : INumberBase<T>
    {
        var (queries, distances, missingRows) = scratch;
        int count = 0;
        for (int r = 0; r < values.Length / _width; r++)
        {
            Span<double> query = queries.AsSpan(count * _width, _width);
            bool anyMissing = false;
            for (int slot = 0; slot < _width; slot++)
            {
                query[slot] = double.CreateTruncating(values[(r * _width) + slot]);
                anyMissing |= double.IsNaN(query[slot]);
            }

            if (anyMissing)
            {
                missingRows[count++] = r;
            }
        }

        if (count == 0)
        {
            return;
        }

        _distances.Compute(queries.AsSpan(0, count * _width), distances);
        int k = Math.Min(NumberOfNeighbors, TrainingRowCount);
        Span<int> donors = k <= 256 ? stackalloc int[k] : new int[k];
        for (int q = 0; q < count; q++)
        {
            ReadOnlySpan<double> query = queries.AsSpan(q * _width, _width);
            ReadOnlySpan<double> row = distances.AsSpan(q * TrainingRowCount, TrainingRowCount);
            for (int slot = 0; slot < _width; slot++)
            {
                if (double.IsNaN(query[slot]))
                {
                    int found = NearestNeighbors.Smallest(row, _donors[slot], donors);
                    bool anyFinite = found > 0 && !double.IsNaN(row[donors[0]]);
                    values[(missingRows[q] * _width) + slot] = T.CreateTruncating(anyFinite ? Average(row, slot, donors[..found]) : _means[slot]);
                }
            }
        }
    }

    private double Average(ReadOnlySpan<double> distances, int slot, ReadOnlySpan<int> donors)
    {
        bool exact = false;
        foreach (int r in donors)
        {
            exact |= distances[r] == 0;
        }

        double sum = 0, total = 0;
        foreach (int r in donors)
        {
            double d = distances[r];
            double weight = NeighborWeighting == Weighting.Uniform ? 1
                : exact ? (d == 0 ? 1 : 0)
                : double.IsNaN(d) ? 0 : 1 / d;
            sum += weight * _train[(r * _width) + slot];
            total += weight;
        }

        return sum / total;
    }
}
