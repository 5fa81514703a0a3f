using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Transforms;
using Weighting = MLNet.NeuralExtensions.Transforms.NearestNeighborImputingEstimator.Weighting;

[assembly: LoadableClass(NearestNeighborImputingTransformer.Summary, typeof(NearestNeighborImputingTransformer), null, typeof(SignatureLoadModel),
    NearestNeighborImputingTransformer.FriendlyName, NearestNeighborImputingTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(NearestNeighborImputingTransformer), null, typeof(SignatureLoadRowMapper),
    NearestNeighborImputingTransformer.FriendlyName, NearestNeighborImputingTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Fills each missing slot of a row with the average of that slot over the k training rows nearest to the row
/// (nan-euclidean distance: the euclidean distance over the slots present in both rows, scaled by all slots / shared
/// slots) among those where the slot is present, uniformly or by inverse distance, as scikit-learn's KNNImputer does.
/// A row that shares no present slot with any such training row gets the slot's training mean. Among donors at equal
/// distance the earlier training row is taken. The training rows are part of the model, of its file and of its ONNX graph.
/// </summary>
public sealed class NearestNeighborImputingTransformer : ImputingTransformerBase
{
    internal const string Summary = "Replaces missing values by the average of the nearest training rows that have them.";
    internal const string FriendlyName = "Nearest Neighbor Imputing Transformer";
    internal const string LoaderSignature = "KnnImputeTransform";
    private readonly double[] _train;
    private readonly int _width;
    private readonly double[] _means;
    private readonly int[][] _donors;
    private readonly NanEuclideanDistances _distances;

    internal NearestNeighborImputingTransformer(IHost host, (string outputColumnName, string inputColumnName) column, DataViewType type, double[] train,
        int numberOfNeighbors, Weighting weighting)
        : base(host, [column], [type])
    {
        _width = SlotCount(0);
        (_train, NumberOfNeighbors, NeighborWeighting) = (train, numberOfNeighbors, weighting);
        (_means, _donors, _distances) = Prepare(train, _width, column.inputColumnName);
    }

    private NearestNeighborImputingTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        _width = SlotCount(0);
        NumberOfNeighbors = ctx.Reader.ReadInt32();
        NeighborWeighting = (Weighting)ctx.Reader.ReadByte();
        int count = ctx.Reader.ReadInt32();
        Host.CheckDecode(ColumnPairs.Length == 1 && NumberOfNeighbors >= 1 && Enum.IsDefined(NeighborWeighting) && count >= 0 && count % _width == 0,
            $"its settings (columns {ColumnPairs.Length}, k {NumberOfNeighbors}, weighting {(byte)NeighborWeighting}, {count} values of {_width} slots) are inconsistent");
        _train = ctx.Reader.ReadDoubleArray(count);
        (_means, _donors, _distances) = Prepare(_train, _width, ColumnPairs[0].inputColumnName);
    }

    /// <summary>Gets the number of donors averaged for a slot (fewer when fewer training rows have the slot).</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>Gets how the donors are weighted.</summary>
    public Weighting NeighborWeighting { get; }

    /// <summary>Gets the number of training rows kept.</summary>
    public int TrainingRowCount => _train.Length / _width;

    /// <summary>Each slot's training mean, the training rows that have each slot, and the distance search.</summary>
    private static (double[] Means, int[][] Donors, NanEuclideanDistances Distances) Prepare(double[] train, int width, string column)
    {
        int rows = train.Length / width;
        double[] means = [.. PresentValues.SortedBySlot(train, width, pooled: false, column, "nearest-neighbour imputation").Select(Enumerable.Average)];
        int[][] donors = [.. Enumerable.Range(0, width).Select(slot => Enumerable.Range(0, rows).Where(r => !double.IsNaN(train[(r * width) + slot])).ToArray())];
        return (means, donors, new NanEuclideanDistances(train, width, [.. Enumerable.Range(0, rows)]));
    }

    private static VersionInfo GetVersionInfo() => Version("KNNIMPTF", LoaderSignature);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        // *** Binary format (after the base's) ***
        // int: k; byte: weighting; int: number of training values n (rows × slots); double × n, row after row
        SaveColumnsAndTypes(ctx, GetVersionInfo());
        ctx.Writer.Write(NumberOfNeighbors);
        ctx.Writer.Write((byte)NeighborWeighting);
        ctx.Writer.WriteDoubleArray(_train);
    }

    /// <summary>Per row: the distances to every training row, then a shortlist of the nearest rows (the same order as
    /// the search among a slot's donors: distance, then row), from which each missing slot takes its first k donors;
    /// only a slot that has fewer than k donors in the shortlist searches among all its donors.</summary>
    private protected override Action<Span<double>> CreateRowImputer(int column)
    {
        double[] distances = new double[TrainingRowCount];
        int[] nearest = new int[Math.Min(Math.Max(4 * NumberOfNeighbors, 32), TrainingRowCount)];
        int[] donors = new int[Math.Min(NumberOfNeighbors, TrainingRowCount)];
        return row =>
        {
            _distances.Compute(row, distances);
            int listed = NearestNeighbors.Smallest(distances, -1, nearest);
            for (int slot = 0; slot < _width; slot++)
            {
                if (double.IsNaN(row[slot]))
                {
                    int wanted = Math.Min(NumberOfNeighbors, _donors[slot].Length), found = 0;
                    for (int i = 0; i < listed && found < wanted; i++)
                    {
                        if (!double.IsNaN(_train[(nearest[i] * _width) + slot]))
                        {
                            donors[found++] = nearest[i];
                        }
                    }

                    if (found < wanted)
                    {
                        found = NearestNeighbors.Smallest(distances, _donors[slot], donors.AsSpan(0, wanted));
                    }

                    bool anyShared = found > 0 && !double.IsNaN(distances[donors[0]]);
                    row[slot] = anyShared ? Average(distances, slot, donors.AsSpan(0, found)) : _means[slot];
                }
            }
        };
    }

    /// <summary>The donors' values of <paramref name="slot"/>, averaged by their weights (scikit-learn's rule: a donor at
    /// NaN distance weighs 0 by distance, 1 uniformly).</summary>
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

    /// <summary>
    /// The same computation in ONNX, in double precision, with the training rows as constants. Distances to all training
    /// rows at once: over the slots present in both rows, Σ(x − t)² = x²·[t present] − 2x·t + [x present]·t², three
    /// matrix products (as scikit-learn computes them), and the shared-slot counts a fourth. Then, per slot, TopK picks
    /// the k smallest among the rows that have the slot (NaN distances ranked after every number; TopK, as the managed
    /// search, takes the lower index among equal values), Gather their values, and the weighted mean, or the slot's
    /// mean when no donor shares a slot with the row, fills the slot where it is missing.
    /// </summary>
    private protected override void SaveAsOnnx(OnnxContext ctx, int column, DataViewType type, string input, string output)
    {
        ctx.CheckOpSetVersion(10, LoaderSignature);
        var nodes = new OnnxNodes(ctx, "knn");
        int rows = TrainingRowCount;
        double[] slotMajor = new double[_train.Length];
        for (int i = 0; i < _train.Length; i++)
        {
            slotMajor[(i % _width * rows) + (i / _width)] = _train[i];
        }

        string zero = nodes.Doubles([0], 1), unranked = nodes.Doubles([double.MaxValue], 1);
        string train = nodes.Doubles(slotMajor, _width, rows);
        string trainMissing = nodes.Add("IsNaN", train);
        string trainPresent = nodes.Add("Not", trainMissing);
        string trainValues = nodes.Add("Where", trainMissing, zero, train);
        string trainIndicator = nodes.Cast(trainPresent, typeof(double));

        string x = nodes.DoubleMatrix(input);
        string missing = nodes.Add("IsNaN", x);
        string values = nodes.Add("Where", missing, zero, x);
        string indicator = nodes.Cast(nodes.Add("Not", missing), typeof(double));
        string squares = nodes.Add("Add",
            nodes.Add("Sub", nodes.Add("MatMul", nodes.Add("Mul", values, values), trainIndicator), nodes.Add("Mul", nodes.Doubles([2], 1), nodes.Add("MatMul", values, trainValues))),
            nodes.Add("MatMul", indicator, nodes.Add("Mul", trainValues, trainValues)));
        string shared = nodes.Add("MatMul", indicator, trainIndicator);
        // 0 / 0 is NaN where the rows share no present slot.
        string distance = nodes.Add("Sqrt", nodes.Add("Div", nodes.Add("Mul", nodes.Add("Max", squares, zero), nodes.Doubles([_width], 1)), shared));
        string ranked = nodes.Add("Where", nodes.Add("IsNaN", distance), unranked, distance);
        string excluded = nodes.Doubles([double.PositiveInfinity], 1);

        string[] imputed = new string[_width];
        for (int slot = 0; slot < _width; slot++)
        {
            string index = nodes.Long(slot);
            Action<OnnxNode> rowsAxis = node => node.AddAttribute("axis", 0L);
            string candidates = nodes.Add("Where", nodes.Add("Gather", [trainPresent, index], rowsAxis), ranked, excluded);
            long k = Math.Min(NumberOfNeighbors, _donors[slot].Length);
            string[] nearest = nodes.AddWithOutputs("TopK", 2, [candidates, nodes.Longs([k], 1)], node =>
            {
                node.AddAttribute("largest", 0L);
                node.AddAttribute("sorted", 1L);
            });
            string nearestDistances = nearest[0];
            string donorValues = nodes.Add("Gather", [nodes.Add("Gather", [trainValues, index], rowsAxis), nearest[1]], rowsAxis);
            string mean = NeighborWeighting == Weighting.Uniform
                ? ReduceMean(nodes, donorValues)
                : DistanceWeightedMean(nodes, nearestDistances, donorValues, zero, unranked);
            string noneShared = nodes.Add("Not", nodes.Add("Less", nodes.Add("ReduceMin", [nearestDistances], KeepRows), unranked));
            imputed[slot] = nodes.Add("Where", noneShared, nodes.Doubles([_means[slot]], 1), mean);
        }

        string filled = nodes.Add("Where", missing, nodes.Add("Concat", imputed, node => node.AddAttribute("axis", 1L)), x);
        nodes.FromDoubleMatrix(filled, (VectorDataViewType)type, output);
    }

    private static void KeepRows(OnnxNode node)
    {
        node.AddAttribute("axes", [1L]);
        node.AddAttribute("keepdims", 1L);
    }

    private static string ReduceMean(OnnxNodes nodes, string input) => nodes.Add("ReduceMean", [input], KeepRows);

    /// <summary>Σ w·v / Σ w with w = 1/d, 0 at NaN distance, or, where a donor is at distance 0, 1 for those donors and 0
    /// for the others.</summary>
    private static string DistanceWeightedMean(OnnxNodes nodes, string distances, string values, string zero, string unranked)
    {
        string exact = nodes.Cast(nodes.Add("Not", nodes.Add("Greater", distances, zero)), typeof(double));
        string anyExact = nodes.Add("Greater", nodes.Add("ReduceMax", [exact], KeepRows), zero);
        string inverse = nodes.Add("Where", nodes.Add("Less", distances, unranked), nodes.Add("Reciprocal", distances), zero);
        string weights = nodes.Add("Where", anyExact, exact, inverse);
        return nodes.Add("Div", ReduceMean(nodes, nodes.Add("Mul", weights, values)), ReduceMean(nodes, weights));
    }

    // Factory method for SignatureLoadModel.
    private static NearestNeighborImputingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        => new(LoadingHost(env, ctx, GetVersionInfo()), ctx);

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);
}
