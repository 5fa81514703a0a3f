using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml.Linq;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;
using MLNet.NeuralExtensions.Tests.DataPrep;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Clustering;

[TestClass]
public sealed class SomTrainerTests
{
    /// <summary>Configurations covering each topology, distance, initialization, training mode and neighbourhood.</summary>
    public static IEnumerable<object[]> Configurations =>
    [
        ["rectangular euclidean online gaussian", new SomOptions { Width = 4, Height = 3, Epochs = 3 }],
        ["hexagonal torus cosine batch bubble, merged", new SomOptions { Width = 4, Height = 4, Topology = SomTopology.Hexagonal, Toroidal = true, Distance = SomDistance.Cosine, Training = SomTrainingMode.Batch, Neighborhood = SomNeighborhood.Bubble, NumberOfClusters = 3, Epochs = 3 }],
        ["rectangular torus manhattan pca triangle", new SomOptions { Width = 5, Height = 2, Toroidal = true, Distance = SomDistance.Manhattan, Initialization = SomInitialization.Pca, Neighborhood = SomNeighborhood.Triangle, Epochs = 3 }],
        ["hexagonal chebyshev mexican hat exponential", new SomOptions { Width = 3, Height = 3, Topology = SomTopology.Hexagonal, Distance = SomDistance.Chebyshev, Neighborhood = SomNeighborhood.MexicanHat, Decay = SomDecay.Exponential, Epochs = 3 }],
    ];

    private static SomOptions With(SomOptions options, int seed = 7, string features = "Features") => new()
    {
        FeatureColumnName = features, Width = options.Width, Height = options.Height, Topology = options.Topology, Toroidal = options.Toroidal,
        Distance = options.Distance, Training = options.Training, Neighborhood = options.Neighborhood, Initialization = options.Initialization,
        Decay = options.Decay, NumberOfClusters = options.NumberOfClusters, Epochs = options.Epochs, Seed = seed,
    };

    [TestMethod]
    [DynamicData(nameof(Configurations))]
    public void ConformanceSchemaSeedPersistenceAndOnnx(string name, SomOptions options)
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var trainer = ml.Clustering.Trainers.Som(With(options));
        int clusters = options.NumberOfClusters > 0 ? options.NumberOfClusters : options.Width * options.Height;

        var (model, actual) = PipelineChecks.FitKeepingPromise(trainer, train, test, "Score", "PredictedLabel");

        Assert.AreEqual(new KeyDataViewType(typeof(uint), clusters), actual["PredictedLabel"].Type);
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Clustering.Trainers.Som(With(options, features: "Nope")).Fit(train));
        StringAssert.Contains(missing.Message, "Nope");

        Scored[] rows = [.. ml.Data.CreateEnumerable<Scored>(model.Transform(test), false)];
        float[] scores = [.. rows.SelectMany(r => r.Score)];
        Assert.IsTrue(rows.All(r => r.PredictedLabel == Array.IndexOf(r.Score, r.Score.Min()) + 1), $"{name}: PredictedLabel is the nearest cluster");
        CollectionAssert.AreEqual(scores, Scores(ml, ml.Clustering.Trainers.Som(With(options)).Fit(train), test), $"{name}: same seed, same scores");
        CollectionAssert.AreNotEqual(scores, Scores(ml, ml.Clustering.Trainers.Som(With(options, seed: 8)).Fit(train), test), $"{name}: another seed, other scores");
        CollectionAssert.AreEqual(scores, Scores(ml, PipelineChecks.SaveAndLoad(ml, model, train), test), $"{name}: scores after save and load");

        var exported = PipelineChecks.ScoreExported(ml, model, train, "Features", [.. rows.SelectMany(r => r.Features)], 4);
        float[] onnx = (float[])exported["Score.output"].Data;
        Assert.AreEqual(scores.Length, onnx.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            Assert.AreEqual(scores[i], onnx[i], 1e-4, $"{name}: ONNX score {i}");
        }

        CollectionAssert.AreEqual(rows.Select(r => r.PredictedLabel).ToArray(), (uint[])exported["PredictedLabel.output"].Data, $"{name}: ONNX predicted clusters");
    }

    [TestMethod]
    public void ExportedMapsPassOnnxChecker()
    {
        OnnxChecker.RequireOnnxPackage();
        using var files = new TempFiles();
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "iris");
        int index = 0;
        foreach (object[] configuration in Configurations)
        {
            using FileStream file = File.Create(files.PathOf($"som-{index++}.onnx"));
            ml.Model.ConvertToOnnx(ml.Clustering.Trainers.Som(With((SomOptions)configuration[1])).Fit(train), ml.Transforms.SelectColumns("Features").Fit(train).Transform(train), file);
        }

        var (exitCode, output) = OnnxChecker.RunChecker(files.Root);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"{index} of {index} models pass");
    }

    [TestMethod]
    [DataRow(SomTrainingMode.Online, SomTopology.Rectangular)]
    [DataRow(SomTrainingMode.Batch, SomTopology.Hexagonal)]
    public void IrisNodesMergedIntoThreeClustersFindTheSpecies(SomTrainingMode mode, SomTopology topology)
    {
        // A 10 × 10 map of the raw measurements; measured NMI 0.787 (online, rectangular) and 0.796 (batch, hexagonal),
        // and 0.69–0.84 over grids of 4 to 10 nodes a side and seeds 1–5.
        var ml = new MLContext(1);
        IDataView raw = TrainerData.Raw(ml, "iris");
        IDataView data = ml.Data.Cache(TrainerData.Label(ml, "iris").Fit(raw).Transform(raw));
        var options = new SomOptions { Topology = topology, Training = mode, NumberOfClusters = 3, Seed = 1 };
        var model = ml.Clustering.Trainers.Som(options).Fit(data);
        var metrics = ml.Clustering.Evaluate(model.Transform(data), labelColumnName: "Label", featureColumnName: "Features");
        Assert.IsGreaterThanOrEqualTo(0.7, metrics.NormalizedMutualInformation, $"{mode} {topology}: NMI");

        // Training organizes the map: the codebook quantizes far better than the random rows it starts from, and
        // nearly every row's two best nodes are neighbours.
        var untrained = ml.Clustering.Trainers.Som(new SomOptions { Topology = topology, Training = mode, Seed = 1, Epochs = 1, LearningRate = 1e-6f, FinalLearningRate = 1e-6f }).Fit(data);
        Assert.IsLessThan(untrained.Model.TopographicError, model.Model.TopographicError, $"{mode} {topology}: topographic error falls with training");
        Assert.IsLessThan(0.1, model.Model.TopographicError, $"{mode} {topology}: topographic error");
        Assert.AreEqual(150, model.Model.HitCounts.Sum());
        Assert.AreEqual(3, model.Model.GetNodeClusters().Distinct().Count());
    }

    [TestMethod]
    public void AnOnlineStepWithABubbleOfRadiusOneMovesTheBestNodeAndItsSixHexagonalNeighbours()
    {
        // One row, one update at learning rate 1: the best-matching node and the nodes within distance 1 of it (its 6
        // neighbours on a hexagonal grid) jump onto the row; every other node stays where it was.
        var grid = new SomGrid(5, 5, SomTopology.Hexagonal, toroidal: false);
        var options = new SomOptions { Width = 5, Height = 5, Topology = SomTopology.Hexagonal, Neighborhood = SomNeighborhood.Bubble, Radius = 1.01f, FinalRadius = 1.01f, LearningRate = 1f, FinalLearningRate = 1f, Epochs = 1 };
        float[] row = [100f, 100f];

        // Start from a codebook whose best node for the row is node 12 (row 2, column 2), which has 6 neighbours.
        float[] start = [.. Enumerable.Range(0, 25).SelectMany(n => new[] { n == 12 ? 90f : 0f, n == 12 ? 90f : 0f })];
        float[] moved = (float[])start.Clone();
        SomTraining.Online(options, grid, row, 2, moved, new Random(1));
        int[] expected = [6, 7, 11, 12, 13, 16, 17];
        for (int node = 0; node < 25; node++)
        {
            bool jumps = expected.Contains(node);
            Assert.AreEqual(jumps ? 100f : start[node * 2], moved[node * 2], 1e-4, $"node {node}");
        }

        CollectionAssert.AreEqual(expected.Where(n => n != 12).ToArray(), grid.Neighbors(12).ToArray());
    }

    [TestMethod]
    public void NeighbourhoodsAndDecaysFollowTheirFormulas()
    {
        Assert.AreEqual(Math.Exp(-0.5), SomTraining.Weight(SomNeighborhood.Gaussian, 2, 2), 1e-6);
        Assert.AreEqual(1f, SomTraining.Weight(SomNeighborhood.Bubble, 2, 2));
        Assert.AreEqual(0f, SomTraining.Weight(SomNeighborhood.Bubble, 2.01, 2));
        Assert.AreEqual(0.75 * Math.Exp(-0.125), SomTraining.Weight(SomNeighborhood.MexicanHat, 1, 2), 1e-6);
        Assert.IsLessThan(0f, SomTraining.Weight(SomNeighborhood.MexicanHat, 3, 2), "the Mexican hat pushes beyond the radius");
        Assert.AreEqual(0.5f, SomTraining.Weight(SomNeighborhood.Triangle, 1, 2), 1e-6);
        Assert.AreEqual(0f, SomTraining.Weight(SomNeighborhood.Triangle, 3, 2));
        Assert.AreEqual(2.75, SomTraining.Decay(SomDecay.Linear, 5, 0.5, 0.5), 1e-12);
        Assert.AreEqual(Math.Sqrt(2.5), SomTraining.Decay(SomDecay.Exponential, 5, 0.5, 0.5), 1e-12);
        Assert.AreEqual(2.5, SomTraining.Decay(SomDecay.Asymptotic, 5, 0.5, 0.5), 1e-12);
    }

    [TestMethod]
    [DataRow(SomTopology.Rectangular)]
    [DataRow(SomTopology.Hexagonal)]
    public void TheUMatrixAndHitMapAreDrawnAsPngAndSvg(SomTopology topology)
    {
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, "iris");
        SomModelParameters model = ml.Clustering.Trainers.Som(new SomOptions { Width = 5, Height = 4, Topology = topology, Epochs = 2, Seed = 1 }).Fit(train).Model;
        using var files = new TempFiles();

        string png = files.PathOf("umatrix.png");
        model.SaveMap(png, SomMapKind.UMatrix, cellSize: 10);
        var (width, height, pixels) = ReadPng(png);
        Assert.AreEqual(topology == SomTopology.Rectangular ? (50, 40) : (55, 38), (width, height), "picture size");
        float[] u = model.GetUMatrix();
        int darkest = Array.IndexOf(u, u.Max()), lightest = Array.IndexOf(u, u.Min());
        Assert.AreEqual((8, 48, 107), Pixel(pixels, width, CellCentre(model, darkest, 10)), "the largest value is darkest");
        Assert.AreEqual((247, 251, 255), Pixel(pixels, width, CellCentre(model, lightest, 10)), "the smallest value is lightest");

        string svg = files.PathOf("hits.svg");
        model.SaveMap(svg, SomMapKind.HitMap);
        XElement[] cells = [.. XDocument.Load(svg).Descendants().Where(e => e.Name.LocalName == "polygon")];
        Assert.HasCount(20, cells);
        Assert.AreEqual(topology == SomTopology.Rectangular ? 4 : 6, cells[0].Attribute("points")!.Value.Split(' ').Length, "corners per cell");
        for (int node = 0; node < 20; node++)
        {
            StringAssert.EndsWith(cells[node].Value, $": {model.HitCounts[node]}", $"node {node}'s title gives its hits");
        }

        Assert.ThrowsExactly<ArgumentException>(() => model.SaveMap(files.PathOf("map.jpg")));
        Assert.IsFalse(File.Exists(files.PathOf("map.jpg")));
        Assert.IsEmpty(Directory.GetFiles(files.Root, "*.tmp", SearchOption.AllDirectories), "no temporary file is left");
    }

    [TestMethod]
    public void BadInputIsRejectedWithAClearMessage()
    {
        var ml = new MLContext(1);
        Assert.ThrowsExactly<ArgumentException>(() => ml.Clustering.Trainers.Som(new SomOptions { Neighborhood = SomNeighborhood.MexicanHat, Training = SomTrainingMode.Batch }));
        var odd = Assert.ThrowsExactly<ArgumentException>(() => ml.Clustering.Trainers.Som(new SomOptions { Topology = SomTopology.Hexagonal, Toroidal = true, Height = 5 }));
        StringAssert.Contains(odd.Message, "even Height");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Clustering.Trainers.Som(width: 3, height: 3, numberOfClusters: 10));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Clustering.Trainers.Som(new SomOptions { FinalRadius = 0 }));

        IDataView withNaN = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new PairRow { Features = [i, i == 3 ? float.NaN : 1f] }));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Clustering.Trainers.Som(new SomOptions { Width = 2, Height = 2 }).Fit(ml.Data.Cache(withNaN)));
        StringAssert.Contains(error.Message, "row 3");
    }

    private static (int X, int Y) CellCentre(SomModelParameters model, int node, int cell)
    {
        int column = node % model.Width, row = node / model.Width;
        return model.Topology == SomTopology.Rectangular
            ? ((column * cell) + (cell / 2), (row * cell) + (cell / 2))
            : ((int)((column + (row % 2 * 0.5) + 0.5) * cell), (int)((row * Math.Sqrt(3) / 2 * cell) + (cell / Math.Sqrt(3))));
    }

    private static (int R, int G, int B) Pixel(byte[] pixels, int width, (int X, int Y) at)
    {
        int i = (at.Y * ((width * 3) + 1)) + 1 + (at.X * 3);
        return (pixels[i], pixels[i + 1], pixels[i + 2]);
    }

    // Reads an RGB PNG, checking its signature and every chunk's CRC; returns the filtered scanlines.
    private static (int Width, int Height, byte[] Pixels) ReadPng(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, file[..8], "PNG signature");
        int width = 0, height = 0;
        var data = new MemoryStream();
        for (int at = 8; at < file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            Assert.AreEqual(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length)), Persistence.Crc32.Compute(file.AsSpan(at + 4, length + 4)), $"{type} CRC");
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 8)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at + 12)));
                Assert.AreEqual(2, file[at + 17], "RGB colour type");
            }
            else if (type == "IDAT")
            {
                data.Write(file, at + 8, length);
            }

            at += length + 12;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        Assert.AreEqual(height * ((width * 3) + 1), inflated.Length, "scanline bytes");
        return (width, height, inflated.ToArray());
    }

    private static float[] Scores(MLContext ml, ITransformer model, IDataView data) =>
        [.. ml.Data.CreateEnumerable<Scored>(model.Transform(data), false).SelectMany(r => r.Score)];

    private sealed class Scored
    {
        public float[] Features { get; set; } = [];

        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    private sealed class PairRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }
}
