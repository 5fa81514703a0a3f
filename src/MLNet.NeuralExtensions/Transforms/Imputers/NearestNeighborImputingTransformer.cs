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
    private readonly InputOutputColumnPair _column;
    private readonly DataViewType _type;
    private readonly double[] _train;
    private readonly int _width;
    private readonly double[] _means;

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
        Parallel.For(0, rows, () => (new double[_width], new double[TrainingRowCount]), (row, _, scratch) =>
        {
            Span<T> values = result.AsSpan(row * _width, _width);
            if (Impute(values, scratch.Item1, scratch.Item2))
            {
                for (int slot = 0; slot < _width; slot++)
                {
                    values[slot] = T.CreateTruncating(scratch.Item1[slot]);
                }
            }

            return scratch;
        }, _ => { });
        result.CopyTo(((ColumnBuffer<T>)destination).ResetFixed(rows, _width));
    };

    /// <summary>Imputes one row into <paramref name="row"/> (as doubles); false when nothing was missing.</summary>
    private bool Impute<T>(ReadOnlySpan<T> values, double[] row, double[] distances)
        where T : INumberBase<T>
    {
        bool anyMissing = false;
        for (int slot = 0; slot < _width; slot++)
        {
            row[slot] = double.CreateTruncating(values[slot]);
            anyMissing |= double.IsNaN(row[slot]);
        }

        if (!anyMissing)
        {
            return false;
        }

        for (int r = 0; r < distances.Length; r++)
        {
            distances[r] = NanEuclidean.Distance(row, _train.AsSpan(r * _width, _width));
        }

        int k = Math.Min(NumberOfNeighbors, distances.Length);
        Span<int> donors = k <= 256 ? stackalloc int[k] : new int[k];
        for (int slot = 0; slot < _width; slot++)
        {
            if (double.IsNaN(row[slot]))
            {
                int found = Nearest(distances, slot, donors);
                row[slot] = found == 0 ? _means[slot] : Average(distances, slot, donors[..found]);
            }
        }

        return true;
    }

    /// <summary>The nearest training rows where <paramref name="slot"/> is present; returns how many were found, 0 when
    /// none is at a finite distance.</summary>
    private int Nearest(double[] distances, int slot, Span<int> donors)
    {
        bool anyFinite = false;
        int found = NearestNeighbors.Smallest(distances.Length, r => double.IsNaN(_train[(r * _width) + slot]) ? -1 : r, r =>
        {
            anyFinite |= !double.IsNaN(distances[r]);
            return distances[r];
        }, donors);
        return anyFinite ? found : 0;
    }

    private double Average(double[] distances, int slot, ReadOnlySpan<int> donors)
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
