using MLNet.NeuralExtensions.Engine.Onnx;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Engine.Onnx.Protobuf;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// A trained self-organizing map: its grid, the codebook (one weight vector per node), the clusters its nodes were merged
/// into, if any, and its quality on the training rows. A row scores as its distance to every node, or to the nearest
/// node of every cluster.
/// </summary>
public sealed class SomModelParameters : IScoringModel
{
    internal const string LoaderSignature = "SelfOrganizingMap";
    private const int FormatVersion = 1;
    private readonly SomGrid _grid;
    private readonly float[] _codebook;
    private readonly int[]? _nodeClusters;
    private readonly int[] _hitCounts;

    private SomModelParameters(SomGrid grid, SomDistance distance, float[] codebook, int[]? nodeClusters, double quantizationError, double topographicError, int[] hitCounts)
    {
        _grid = grid;
        Distance = distance;
        _codebook = codebook;
        FeatureCount = codebook.Length / grid.NodeCount;
        _nodeClusters = nodeClusters;
        NumberOfClusters = nodeClusters is null ? 0 : nodeClusters.Max() + 1;
        QuantizationError = quantizationError;
        TopographicError = topographicError;
        _hitCounts = hitCounts;
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
    public int FeatureCount { get; }

    /// <summary>Gets the number of clusters the nodes were merged into, or 0 when every node is its own cluster.</summary>
    public int NumberOfClusters { get; }

    /// <summary>Gets the mean distance from each training row to its best-matching node.</summary>
    public double QuantizationError { get; }

    /// <summary>Gets the fraction of training rows whose best and second-best matching nodes are not neighbours on the
    /// grid (a measure of how well the map preserves the data's topology).</summary>
    public double TopographicError { get; }

    /// <summary>Gets how many training rows each node is the best match of, node by node (node = row · Width + column).</summary>
    public IReadOnlyList<int> HitCounts => _hitCounts;

    /// <summary>The weights of every node, node by node (node = row · Width + column), <see cref="FeatureCount"/> each.</summary>
    /// <returns>A copy of the codebook.</returns>
    public float[] GetCodebook() => (float[])_codebook.Clone();

    /// <summary>The cluster (1-based, as PredictedLabel's key) of every node: its own number when nodes are not merged.</summary>
    /// <returns>One cluster per node.</returns>
    public int[] GetNodeClusters() => _nodeClusters is null ? [.. Enumerable.Range(1, _grid.NodeCount)] : [.. _nodeClusters.Select(c => c + 1)];

    /// <summary>The unified distance matrix: each node's mean distance to its neighbours' weights, node by node.</summary>
    /// <returns>One value per node.</returns>
    public float[] GetUMatrix() =>
        [.. Enumerable.Range(0, _grid.NodeCount).Select(node =>
        {
            int[] neighbors = [.. _grid.Neighbors(node)];
            return neighbors.Length == 0 ? 0f : neighbors.Average(other => SomMetric.Distance(Distance, Weights(node), Weights(other)));
        })];

    /// <summary>The mean distance from each row of <paramref name="features"/> (rows × <see cref="FeatureCount"/>) to its
    /// best-matching node.</summary>
    /// <param name="features">Rows of features, one after another.</param>
    /// <returns>The quantization error.</returns>
    /// <exception cref="ArgumentException">The values are not whole rows.</exception>
    public double GetQuantizationError(ReadOnlySpan<float> features) => Measure(features).QuantizationError;

    /// <summary>The fraction of rows of <paramref name="features"/> whose best and second-best matching nodes are not
    /// neighbours.</summary>
    /// <param name="features">Rows of features, one after another.</param>
    /// <returns>The topographic error.</returns>
    /// <exception cref="ArgumentException">The values are not whole rows.</exception>
    public double GetTopographicError(ReadOnlySpan<float> features) => Measure(features).TopographicError;

    /// <summary>How many rows of <paramref name="features"/> each node is the best match of.</summary>
    /// <param name="features">Rows of features, one after another.</param>
    /// <returns>One count per node.</returns>
    /// <exception cref="ArgumentException">The values are not whole rows.</exception>
    public int[] GetHitCounts(ReadOnlySpan<float> features) => Measure(features).HitCounts;

    /// <summary>Draws the U-matrix or the training hit counts as a picture, one cell per node in the grid's layout, light
    /// for small values and dark for large; the file is replaced only once written completely.</summary>
    /// <param name="path">A .png or .svg file.</param>
    /// <param name="kind">Which map. Default <see cref="SomMapKind.UMatrix"/>.</param>
    /// <param name="cellSize">A cell's size in pixels. Default 24.</param>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public void SaveMap(string path, SomMapKind kind = SomMapKind.UMatrix, int cellSize = 24)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 2);
        float[] values = kind == SomMapKind.HitMap ? [.. _hitCounts.Select(h => (float)h)] : GetUMatrix();
        SomMapPicture.Write(path, _grid, values, cellSize);
    }

    int IScoringModel.InputSize => FeatureCount;

    int IScoringModel.OutputSize => NumberOfClusters > 0 ? NumberOfClusters : _grid.NodeCount;

    float[] IScoringModel.Score(ReadOnlySpan<float> features, int rows)
    {
        int nodes = _grid.NodeCount, outputs = ((IScoringModel)this).OutputSize;
        var scores = new float[rows * outputs];
        var distances = new float[nodes];
        for (int row = 0; row < rows; row++)
        {
            SomMetric.ToNodes(Distance, features.Slice(row * FeatureCount, FeatureCount), _codebook, distances);
            Span<float> score = scores.AsSpan(row * outputs, outputs);
            if (_nodeClusters is null)
            {
                distances.CopyTo(score);
                continue;
            }

            score.Fill(float.PositiveInfinity);
            for (int node = 0; node < nodes; node++)
            {
                score[_nodeClusters[node]] = Math.Min(score[_nodeClusters[node]], distances[node]);
            }
        }

        return scores;
    }

    string IScoringModel.ExportOnnx(OnnxGraph graph, string features)
    {
        int nodes = _grid.NodeCount;
        string distances = ExportDistances(graph, features, nodes);
        if (_nodeClusters is null)
        {
            return distances;
        }

        // Each cluster's score is the least distance among its nodes.
        string[] clusters = [.. Enumerable.Range(0, NumberOfClusters).Select(cluster =>
        {
            long[] members = [.. Enumerable.Range(0, nodes).Where(n => _nodeClusters[n] == cluster).Select(n => (long)n)];
            string picked = graph.Add("Gather", [distances, graph.AddInt64s($"cluster{cluster}_nodes", members)], $"cluster{cluster}_distances", OnnxAttribute.Int("axis", 1));
            return graph.Add("ReduceMin", [picked], $"cluster{cluster}_score", OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
        })];
        return graph.Add("Concat", clusters, "cluster_scores", OnnxAttribute.Int("axis", 1));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        Write(ctx.Writer);
    }

    private void Write(BinaryWriter writer)
    {
        writer.Write(FormatVersion);
        writer.Write(_grid.Width);
        writer.Write(_grid.Height);
        writer.Write((byte)_grid.Topology);
        writer.Write(_grid.Toroidal);
        writer.Write((byte)Distance);
        writer.Write(FeatureCount);
        foreach (float w in _codebook)
        {
            writer.Write(w);
        }

        writer.Write(_nodeClusters is not null);
        foreach (int c in _nodeClusters ?? [])
        {
            writer.Write(c);
        }

        writer.Write(QuantizationError);
        writer.Write(TopographicError);
        foreach (int h in _hitCounts)
        {
            writer.Write(h);
        }
    }

    /// <summary>A map of <paramref name="codebook"/> whose quality is measured on <paramref name="trainingRows"/>, its nodes
    /// merged into <paramref name="numberOfClusters"/> clusters by their hit-weighted Ward agglomeration, or not when 0.</summary>
    internal static SomModelParameters Create(SomGrid grid, SomDistance distance, float[] codebook, int numberOfClusters, ReadOnlySpan<float> trainingRows)
    {
        var (quantization, topographic, hits) = Measure(grid, distance, codebook, trainingRows);
        int[]? clusters = numberOfClusters > 0 ? WardClustering.Cluster(codebook, codebook.Length / grid.NodeCount, hits, numberOfClusters) : null;
        return new SomModelParameters(grid, distance, codebook, clusters, quantization, topographic, hits);
    }

    internal static SomModelParameters Load(ModelLoadContext ctx)
    {
        BinaryReader reader = ctx.Reader;
        int version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"Self-organizing map format version {version} is not supported (this reader reads version {FormatVersion}).");
        }

        int width = reader.ReadInt32(), height = reader.ReadInt32();
        var topology = (SomTopology)reader.ReadByte();
        bool toroidal = reader.ReadBoolean();
        var distance = (SomDistance)reader.ReadByte();
        int features = reader.ReadInt32();
        if (width < 1 || height < 1 || (long)width * height > 1 << 16 || features is < 1 or > 1 << 24 || !Enum.IsDefined(topology) || !Enum.IsDefined(distance))
        {
            throw new FormatException($"A map of {width} × {height} nodes, {features} features, topology {(byte)topology} and distance {(byte)distance} is not valid.");
        }

        var grid = new SomGrid(width, height, topology, toroidal);
        float[] codebook = [.. Enumerable.Range(0, grid.NodeCount * features).Select(_ => reader.ReadSingle())];
        int[]? clusters = reader.ReadBoolean() ? [.. Enumerable.Range(0, grid.NodeCount).Select(_ => reader.ReadInt32())] : null;
        if (clusters is not null && (clusters.Any(c => c < 0 || c >= grid.NodeCount) || clusters.Distinct().Count() != clusters.Max() + 1))
        {
            throw new FormatException("The map's node clusters are not numbered 0 to k − 1.");
        }

        double quantization = reader.ReadDouble(), topographic = reader.ReadDouble();
        int[] hits = [.. Enumerable.Range(0, grid.NodeCount).Select(_ => reader.ReadInt32())];
        return new SomModelParameters(grid, distance, codebook, clusters, quantization, topographic, hits);
    }

    private ReadOnlySpan<float> Weights(int node) => _codebook.AsSpan(node * FeatureCount, FeatureCount);

    private (double QuantizationError, double TopographicError, int[] HitCounts) Measure(ReadOnlySpan<float> features)
    {
        if (features.Length % FeatureCount != 0)
        {
            throw new ArgumentException($"{features.Length} values are not whole rows of {FeatureCount} features.", nameof(features));
        }

        return Measure(_grid, Distance, _codebook, features);
    }

    // The quantization and topographic errors and the hit counts of rows of features, in one search per row.
    private static (double QuantizationError, double TopographicError, int[] HitCounts) Measure(SomGrid grid, SomDistance distance, float[] codebook, ReadOnlySpan<float> features)
    {
        int width = codebook.Length / grid.NodeCount, rows = features.Length / width, broken = 0;
        double total = 0;
        var hits = new int[grid.NodeCount];
        for (int row = 0; row < rows; row++)
        {
            var (best, bestDistance, second) = SomMetric.BestTwo(distance, features.Slice(row * width, width), codebook);
            total += bestDistance;
            broken += grid.AreNeighbors(best, second) ? 0 : 1;
            hits[best]++;
        }

        return rows == 0 ? (double.NaN, double.NaN, hits) : (total / rows, broken / (double)rows, hits);
    }

    // [batch × nodes] distances from [batch × features] rows to the codebook's nodes.
    private string ExportDistances(OnnxGraph graph, string features, int nodes)
    {
        if (Distance == SomDistance.Cosine)
        {
            // 1 − x·w / (‖x‖‖w‖), the norms floored so that a zero vector gives 1.
            float[] unit = [.. Enumerable.Range(0, nodes).SelectMany(n =>
            {
                float norm = System.Numerics.Tensors.TensorPrimitives.Norm(Weights(n));
                return Weights(n).ToArray().Select(w => norm > 0f ? w / norm : 0f);
            })];
            string transposed = graph.AddInitializer("codebook_unit_transposed", Transpose(unit, nodes), FeatureCount, nodes);
            string norm = graph.Add("ReduceL2", [features], "feature_norm", OnnxAttribute.Ints("axes", [1]), OnnxAttribute.Int("keepdims", 1));
            string safe = graph.Add("Max", [norm, graph.AddScalar("tiny", 1e-30f)], "feature_norm_floored");
            string cosine = graph.Add("Div", [graph.Add("MatMul", [features, transposed], "dot"), safe], "cosine");
            return graph.Add("Sub", [graph.AddScalar("one", 1f), cosine], "node_distances");
        }

        string codebook = graph.AddInitializer("codebook", _codebook, nodes, FeatureCount);
        string rows = graph.Add("Unsqueeze", [features, graph.AddInt64s("middle_axis", 1)], "rows_expanded");
        string difference = graph.Add("Sub", [rows, codebook], "differences");
        return Distance switch
        {
            SomDistance.Euclidean => graph.Add("Sqrt", [graph.Add("ReduceSumSquare", [difference], "squared_distances", OnnxAttribute.Ints("axes", [2]), OnnxAttribute.Int("keepdims", 0))], "node_distances"),
            SomDistance.Manhattan => graph.Add("ReduceL1", [difference], "node_distances", OnnxAttribute.Ints("axes", [2]), OnnxAttribute.Int("keepdims", 0)),
            _ => graph.Add("ReduceMax", [graph.Add("Abs", [difference], "absolute_differences")], "node_distances", OnnxAttribute.Ints("axes", [2]), OnnxAttribute.Int("keepdims", 0)),
        };
    }

    private float[] Transpose(float[] matrix, int nodes)
    {
        var transposed = new float[matrix.Length];
        for (int n = 0; n < nodes; n++)
        {
            for (int f = 0; f < FeatureCount; f++)
            {
                transposed[(f * nodes) + n] = matrix[(n * FeatureCount) + f];
            }
        }

        return transposed;
    }
}
