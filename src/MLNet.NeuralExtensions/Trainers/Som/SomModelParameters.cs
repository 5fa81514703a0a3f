using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Model;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Trainers;

[assembly: LoadableClass(typeof(SomModelParameters), null, typeof(SignatureLoadModel), "Self-organizing map", SomModelParameters.LoaderSignature)]

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained self-organizing map: its grid, the codebook (one weight vector per node), the clusters its nodes were merged
/// into, if any, and its quality on the training rows. A row scores (ML.NET's clustering Score) as its distance to every
/// node, or to the nearest node of every cluster; PredictedLabel is the key of the nearest.
/// </summary>
public sealed class SomModelParameters : ModelParametersBase<VBuffer<float>>, IValueMapper, ISingleCanSaveOnnx
{
    internal const string LoaderSignature = "SelfOrganizingMap";
    private readonly SomGrid _grid;
    private readonly float[] _codebook;
    private readonly int[]? _nodeClusters;
    private readonly int[] _hitCounts;

    private SomModelParameters(IHostEnvironment env, SomGrid grid, SomDistance distance, float[] codebook, int[]? nodeClusters, double quantizationError, double topographicError, int[] hitCounts)
        : base(env, LoaderSignature)
    {
        _grid = grid;
        Distance = distance;
        _codebook = codebook;
        _nodeClusters = nodeClusters;
        QuantizationError = quantizationError;
        TopographicError = topographicError;
        _hitCounts = hitCounts;
        NumberOfClusters = nodeClusters is null ? 0 : nodeClusters.Max() + 1;
    }

    private SomModelParameters(IHostEnvironment env, ModelLoadContext ctx)
        : base(env, LoaderSignature, ctx)
    {
        // *** Binary format ***
        // (ModelParametersBase's header)
        // int: width; int: height; byte: topology; bool (byte): toroidal; byte: distance; int: features
        // float[width · height · features]: the codebook, node-major
        // bool (byte): merged; when merged, int[width · height]: each node's cluster, 0 to k − 1
        // double: quantization error; double: topographic error; int[width · height]: hit counts
        BinaryReader reader = ctx.Reader;
        int width = reader.ReadInt32(), height = reader.ReadInt32();
        var topology = (SomTopology)reader.ReadByte();
        bool toroidal = reader.ReadBoolByte();
        Distance = (SomDistance)reader.ReadByte();
        int features = reader.ReadInt32();
        Host.CheckDecode(width >= 1 && height >= 1 && (long)width * height is >= 2 and <= SomOptions.MaximumNodes && features is >= 1 and <= 1 << 24 && Enum.IsDefined(topology) && Enum.IsDefined(Distance),
            $"A map of {width} × {height} nodes, {features} features, topology {(byte)topology} and distance {(byte)Distance} is not valid.");
        _grid = new SomGrid(width, height, topology, toroidal);
        _codebook = reader.ReadFloatArray(checked(_grid.NodeCount * features));
        Host.CheckDecode(_codebook.All(float.IsFinite), "The map's codebook has a value that is not finite.");
        _nodeClusters = reader.ReadBoolByte() ? reader.ReadIntArray(_grid.NodeCount) : null;
        Host.CheckDecode(_nodeClusters is null || (_nodeClusters.All(c => c >= 0 && c < _grid.NodeCount) && _nodeClusters.Distinct().Count() == _nodeClusters.Max() + 1),
            "The map's node clusters are not numbered 0 to k − 1.");
        NumberOfClusters = _nodeClusters is null ? 0 : _nodeClusters.Max() + 1;
        QuantizationError = reader.ReadDouble();
        TopographicError = reader.ReadDouble();
        _hitCounts = reader.ReadIntArray(_grid.NodeCount);
    }

    /// <summary>Gets the number of columns of nodes.</summary>
    public int Width => _grid.Width;

    /// <summary>Gets the number of rows of nodes.</summary>
    public int Height => _grid.Height;

    /// <summary>Gets the layout of the nodes.</summary>
    public SomTopology Topology => _grid.Topology;

    /// <summary>Gets whether the grid wraps around at its edges.</summary>
    public bool Toroidal => _grid.Toroidal;

    /// <summary>Gets the distance between rows and nodes.</summary>
    public SomDistance Distance { get; }

    /// <summary>Gets the number of features of a row.</summary>
    public int FeatureCount => _codebook.Length / _grid.NodeCount;

    /// <summary>Gets the number of clusters the nodes were merged into, or 0 when every node is its own cluster.</summary>
    public int NumberOfClusters { get; }

    /// <summary>Gets the weighted mean distance from each training row to its best-matching node. On other data, ML.NET's
    /// clustering evaluator gives the same figure as AverageDistance when the nodes are not merged (and the rows not
    /// weighted).</summary>
    public double QuantizationError { get; }

    /// <summary>Gets the weighted fraction of training rows whose best and second-best matching nodes are not neighbours
    /// on the grid (a measure of how well the map preserves the data's topology).</summary>
    public double TopographicError { get; }

    /// <summary>Gets how many training rows each node is the best match of, node by node (node = row · Width + column).</summary>
    public IReadOnlyList<int> HitCounts => _hitCounts;

    /// <inheritdoc/>
    protected override PredictionKind PredictionKind => PredictionKind.Clustering;

    DataViewType IValueMapper.InputType => new VectorDataViewType(NumberDataViewType.Single, FeatureCount);

    DataViewType IValueMapper.OutputType => new VectorDataViewType(NumberDataViewType.Single, OutputCount);

    private int OutputCount => NumberOfClusters > 0 ? NumberOfClusters : _grid.NodeCount;

    /// <summary>The weights of every node, node by node (node = row · Width + column), <see cref="FeatureCount"/> each.</summary>
    /// <returns>A copy of the codebook.</returns>
    public float[] GetCodebook() => (float[])_codebook.Clone();

    /// <summary>The cluster (1-based, as PredictedLabel's key) of every node: its own number when nodes are not merged.</summary>
    /// <returns>One cluster per node.</returns>
    public uint[] GetNodeClusters() => [.. Enumerable.Range(0, _grid.NodeCount).Select(node => (uint)(ClusterOf(node) + 1))];

    /// <summary>The unified distance matrix: each node's mean distance to its neighbours' weights, node by node.</summary>
    /// <returns>One value per node.</returns>
    public float[] GetUMatrix() =>
        [.. Enumerable.Range(0, _grid.NodeCount).Select(node =>
        {
            int[] neighbors = [.. _grid.Neighbors(node)];
            return neighbors.Length == 0 ? 0f : neighbors.Average(other => SomMetric.Distance(Distance, Weights(node), Weights(other)));
        })];

    /// <summary>Draws the U-matrix or the training hit counts as a picture, one cell per node in the grid's layout, light
    /// for small values and dark for large; the file is replaced only once written completely, so a failed save leaves
    /// no file (and an existing one as it was).</summary>
    /// <param name="path">A .png or .svg file.</param>
    /// <param name="kind">Which map. Default <see cref="SomMapKind.UMatrix"/>.</param>
    /// <param name="cellSize">A cell's size in pixels, at least 2. Default 24.</param>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public void SaveMap(string path, SomMapKind kind = SomMapKind.UMatrix, int cellSize = 24)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 2);
        float[] values = kind == SomMapKind.HitMap ? [.. _hitCounts.Select(h => (float)h)] : GetUMatrix();
        SomMapPicture.Write(path, _grid, values, cellSize);
    }

    ValueMapper<TSrc, TDst> IValueMapper.GetMapper<TSrc, TDst>()
    {
        Host.Check(typeof(TSrc) == typeof(VBuffer<float>) && typeof(TDst) == typeof(VBuffer<float>), "A map scores vectors of Single.");
        int features = FeatureCount, outputs = OutputCount;
        var dense = new float[features];
        var distances = new float[_grid.NodeCount];
        ValueMapper<VBuffer<float>, VBuffer<float>> map = (in VBuffer<float> src, ref VBuffer<float> dst) =>
        {
            Host.Check(src.Length == features, $"The map expects {features} features; the row has {src.Length}.");
            src.CopyTo(dense);
            var editor = VBufferEditor.Create(ref dst, outputs);
            Score(dense, distances, editor.Values);
            dst = editor.Commit();
        };
        return (ValueMapper<TSrc, TDst>)(Delegate)map;
    }

    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        // outputNames: PredictedLabel, Score. Score is the distances to the nodes, or their least per cluster: the
        // distances [N, nodes], unsqueezed to [N, 1, nodes], plus a [clusters, nodes] mask of 0 for a member and +∞ for
        // the others, reduced by Min over the nodes. PredictedLabel is ArgMin + 1, the 1-based key ML.NET's scorer gives.
        ctx.CheckOpSetVersion(9, LoaderSignature);
        string score = outputNames[1];
        if (_nodeClusters is null)
        {
            SaveDistancesAsOnnx(ctx, featureColumn, score);
        }
        else
        {
            string distances = SaveDistancesAsOnnx(ctx, featureColumn, Intermediate(ctx, "NodeDistances"));
            int nodes = _grid.NodeCount;
            float[] mask = [.. Enumerable.Range(0, NumberOfClusters * nodes).Select(i => _nodeClusters[i % nodes] == i / nodes ? 0f : float.PositiveInfinity)];
            string expanded = Intermediate(ctx, "NodeDistancesExpanded");
            Node(ctx, "Unsqueeze", [distances], expanded).AddAttribute("axes", [1L]);
            string masked = Intermediate(ctx, "ClusterMaskedDistances");
            Node(ctx, "Add", [expanded, ctx.AddInitializer(mask, [NumberOfClusters, nodes], "ClusterMask")], masked);
            Reduce(ctx, "ReduceMin", masked, score, 2);
        }

        string nearest = Intermediate(ctx, "NearestIndex");
        Node(ctx, "ArgMin", [score], nearest).AddAttribute("axis", 1L);
        string key = Intermediate(ctx, "NearestKey");
        Node(ctx, "Add", [nearest, ctx.AddInitializer(1L, "KeyOffset")], key);
        Node(ctx, "Cast", [key], outputNames[0]).AddAttribute("to", typeof(uint));
        return true;
    }

    /// <summary>A map of <paramref name="codebook"/> whose quality is measured on <paramref name="trainingRows"/> and
    /// their <paramref name="weights"/>, its nodes merged into <paramref name="numberOfClusters"/> clusters by Ward's
    /// agglomeration weighted by the rows' weights (then refined by weighted k-means passes when
    /// <paramref name="refineClusters"/>), or not when 0.</summary>
    internal static SomModelParameters Create(IHostEnvironment env, SomGrid grid, SomDistance distance, float[] codebook, int numberOfClusters, bool refineClusters, ReadOnlySpan<float> trainingRows, double[] weights)
    {
        int width = codebook.Length / grid.NodeCount, rows = trainingRows.Length / width;
        double total = 0, quantization = 0, broken = 0;
        var hits = new int[grid.NodeCount];
        var nodeWeights = new double[grid.NodeCount];
        for (int row = 0; row < rows; row++)
        {
            var (best, bestDistance, second) = SomMetric.BestTwo(distance, trainingRows.Slice(row * width, width), codebook);
            total += weights[row];
            quantization += weights[row] * bestDistance;
            broken += grid.AreNeighbors(best, second) ? 0 : weights[row];
            hits[best]++;
            nodeWeights[best] += weights[row];
        }

        int[]? clusters = numberOfClusters > 0 ? WardClustering.Cluster(codebook, width, nodeWeights, numberOfClusters) : null;
        if (clusters is not null && refineClusters)
        {
            clusters = WeightedLloyd.Refine(codebook, width, nodeWeights, clusters);
        }
        return new SomModelParameters(env, grid, distance, codebook, clusters, quantization / total, broken / total, hits);
    }

    /// <summary>Loads a map saved by <see cref="SaveCore"/>; ML.NET calls it through the LoadableClass registration.</summary>
    internal static SomModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new SomModelParameters(env, ctx);
    }

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());
        BinaryWriter writer = ctx.Writer;
        writer.Write(_grid.Width);
        writer.Write(_grid.Height);
        writer.Write((byte)_grid.Topology);
        writer.WriteBoolByte(_grid.Toroidal);
        writer.Write((byte)Distance);
        writer.Write(FeatureCount);
        writer.WriteSinglesNoCount(_codebook);
        writer.WriteBoolByte(_nodeClusters is not null);
        if (_nodeClusters is not null)
        {
            writer.WriteIntsNoCount(_nodeClusters);
        }

        writer.Write(QuantizationError);
        writer.Write(TopographicError);
        writer.WriteIntsNoCount(_hitCounts);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SOMMAP  ",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(SomModelParameters).Assembly.FullName);

    private static OnnxNode Node(OnnxContext ctx, string op, string[] inputs, string output) => ctx.CreateNode(op, inputs, [output], ctx.GetNodeName(op), "");

    private static string Intermediate(OnnxContext ctx, string name) => ctx.AddIntermediateVariable(null, name, true);

    private static void Reduce(OnnxContext ctx, string op, string input, string output, long axis, bool keepDimensions = false)
    {
        OnnxNode node = Node(ctx, op, [input], output);
        node.AddAttribute("axes", [axis]);
        node.AddAttribute("keepdims", keepDimensions);
    }

    private int ClusterOf(int node) => _nodeClusters?[node] ?? node;

    private ReadOnlySpan<float> Weights(int node) => _codebook.AsSpan(node * FeatureCount, FeatureCount);

    /// <summary>Writes the Score of a row into <paramref name="score"/>: its distances to the nodes, or, when merged, the
    /// least per cluster (<paramref name="distances"/>, one per node, holds the distances then).</summary>
    internal void Score(ReadOnlySpan<float> features, Span<float> distances, Span<float> score)
    {
        if (_nodeClusters is null)
        {
            SomMetric.ToNodes(Distance, features, _codebook, score);
            return;
        }

        SomMetric.ToNodes(Distance, features, _codebook, distances);
        score.Fill(float.PositiveInfinity);
        for (int node = 0; node < distances.Length; node++)
        {
            score[_nodeClusters[node]] = MathF.Min(score[_nodeClusters[node]], distances[node]);
        }
    }

    // [N, nodes] distances from the [N, features] rows to the codebook's nodes, written to output.
    private string SaveDistancesAsOnnx(OnnxContext ctx, string features, string output)
    {
        int nodes = _grid.NodeCount;
        if (Distance == SomDistance.Cosine)
        {
            // 1 − x·ŵ / max(‖x‖, tiny) with the nodes' unit vectors ŵ (0 for a zero node), so that a zero vector gives 1.
            var unitTransposed = new float[_codebook.Length];
            for (int node = 0; node < nodes; node++)
            {
                float norm = TensorPrimitives.Norm(Weights(node));
                for (int f = 0; f < FeatureCount; f++)
                {
                    unitTransposed[(f * nodes) + node] = norm > 0f ? Weights(node)[f] / norm : 0f;
                }
            }

            string norms = Intermediate(ctx, "FeatureNorms");
            Reduce(ctx, "ReduceL2", features, norms, 1, keepDimensions: true);
            string floored = Intermediate(ctx, "FeatureNormsFloored");
            Node(ctx, "Max", [norms, ctx.AddInitializer(1e-30f, "TinyNorm")], floored);
            string dots = Intermediate(ctx, "UnitDots");
            Node(ctx, "MatMul", [features, ctx.AddInitializer(unitTransposed, [FeatureCount, nodes], "CodebookUnitTransposed")], dots);
            string cosines = Intermediate(ctx, "Cosines");
            Node(ctx, "Div", [dots, floored], cosines);
            Node(ctx, "Sub", [ctx.AddInitializer(1f, "One"), cosines], output);
            return output;
        }

        string rows = Intermediate(ctx, "FeaturesExpanded");
        Node(ctx, "Unsqueeze", [features], rows).AddAttribute("axes", [1L]);
        string differences = Intermediate(ctx, "NodeDifferences");
        Node(ctx, "Sub", [rows, ctx.AddInitializer(_codebook, [nodes, FeatureCount], "Codebook")], differences);
        switch (Distance)
        {
            case SomDistance.Euclidean:
                string squares = Intermediate(ctx, "SquaredNodeDistances");
                Reduce(ctx, "ReduceSumSquare", differences, squares, 2);
                Node(ctx, "Sqrt", [squares], output);
                break;
            case SomDistance.Manhattan:
                Reduce(ctx, "ReduceL1", differences, output, 2);
                break;
            default:
                string absolute = Intermediate(ctx, "AbsoluteNodeDifferences");
                Node(ctx, "Abs", [differences], absolute);
                Reduce(ctx, "ReduceMax", absolute, output, 2);
                break;
        }

        return output;
    }
}
