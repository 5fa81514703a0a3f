using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.DataPrep.DataPrepGoldens;
using ReplacementMode = MLNet.NeuralExtensions.Transforms.MissingValueReplacingEstimator.ReplacementMode;

namespace MLNet.NeuralExtensions.Tests.DataPrep;

[TestClass]
public sealed class ImputerTests
{
    [TestMethod]
    [DataRow(ReplacementMode.Mean, "impute_mean")]
    [DataRow(ReplacementMode.Median, "impute_median")]
    [DataRow(ReplacementMode.Mode, "impute_most_frequent")]
    [DataRow(ReplacementMode.Minimum, "impute_min")]
    [DataRow(ReplacementMode.Maximum, "impute_max")]
    public void ReplacementValuesEqualScikitLearnsSimpleImputer(ReplacementMode mode, string golden)
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>("x"));
        MissingValueReplacingTransformer fitted = ml.Transforms.ReplaceMissingValues("X", replacementMode: mode).Fit(data);
        AssertClose(Vector(golden), fitted.GetReplacementValues(0), 1e-6, golden);

        double[][] x = Matrix("x");
        float[][] output = [.. ml.Data.CreateEnumerable<Row5>(fitted.Transform(data), false).Select(r => r.X)];
        for (int row = 0; row < x.Length; row++)
        {
            for (int slot = 0; slot < 5; slot++)
            {
                double expected = double.IsNaN(x[row][slot]) ? (float)Vector(golden)[slot] : x[row][slot];
                Assert.AreEqual(expected, output[row][slot], 1e-6, $"row {row}, slot {slot}");
            }
        }
    }

    [TestMethod]
    public void WithoutImputeBySlotOneValueServesTheWholeVectorAndDefaultIsZero()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>("x"));
        double[] present = [.. Matrix("x").SelectMany(r => r).Where(v => !double.IsNaN(v))];
        var pooled = ml.Transforms.ReplaceMissingValues("X", replacementMode: ReplacementMode.Mean, imputeBySlot: false).Fit(data);
        Assert.AreEqual(1, pooled.GetReplacementValues(0).Count);
        Assert.AreEqual(present.Average(), pooled.GetReplacementValues(0)[0], 1e-6);
        var zero = ml.Transforms.ReplaceMissingValues("X").Fit(data);
        CollectionAssert.AreEqual(new double[5], zero.GetReplacementValues(0).ToArray());
    }

    [TestMethod]
    public void DefaultReplacementWorksOnVectorsOfVaryingSize()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new RaggedRow { X = [1, float.NaN] }, new RaggedRow { X = [float.NaN, 2, 3] } });
        MissingValueReplacingTransformer fitted = ml.Transforms.ReplaceMissingValues("X").Fit(data);
        CollectionAssert.AreEqual(new[] { 0.0 }, fitted.GetReplacementValues(0).ToArray());
        float[][] output = [.. ml.Data.CreateEnumerable<RaggedRow>(fitted.Transform(data), false).Select(r => r.X)];
        CollectionAssert.AreEqual(new[] { 1f, 0 }, output[0]);
        CollectionAssert.AreEqual(new[] { 0f, 2, 3 }, output[1]);
    }

    [TestMethod]
    public void IndicatorsAreTrueExactlyWhereValuesAreMissing()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row5>("x"));
        IDataView output = ml.Transforms.IndicateMissingValues("Missing", "X").Fit(data).Transform(data);
        Assert.AreEqual(new VectorDataViewType(BooleanDataViewType.Instance, 5), output.Schema["Missing"].Type);
        bool[] flags = [.. ml.Data.CreateEnumerable<Indicators>(output, false).SelectMany(r => r.Missing)];
        CollectionAssert.AreEqual(Matrix("x").SelectMany(r => r).Select(double.IsNaN).ToArray(), flags);
    }

    [TestMethod]
    [DataRow(5, NearestNeighborImputingEstimator.Weighting.Uniform, "knn_5_uniform")]
    [DataRow(3, NearestNeighborImputingEstimator.Weighting.Distance, "knn_3_distance")]
    public void NearestNeighborImputationEqualsScikitLearnsKnnImputer(int k, NearestNeighborImputingEstimator.Weighting weighting, string golden)
    {
        var ml = new MLContext(1);
        IDataView train = ml.Data.LoadFromEnumerable(Rows<Row3>("knn_train"));
        IDataView test = ml.Data.LoadFromEnumerable(Rows<Row3>("knn_test"));
        var fitted = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", numberOfNeighbors: k, weighting: weighting).Fit(train);
        AssertClose(Matrix(golden + "_train"), ml.Data.CreateEnumerable<Row3>(fitted.Transform(train), false).Select(r => r.X), 1e-5, golden + " train");
        AssertClose(Matrix(golden + "_test"), ml.Data.CreateEnumerable<Row3>(fitted.Transform(test), false).Select(r => r.X), 1e-5, golden + " test");
    }

    [TestMethod]
    public void IterativeImputationEqualsScikitLearnsIterativeImputerWithRidge()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row4>("iterative_x"));
        IterativeImputingTransformer fitted = ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(data);
        Assert.AreEqual(Integer("iterative_iterations"), fitted.Iterations);
        AssertClose(Matrix("iterative_output"), ml.Data.CreateEnumerable<Row4>(fitted.Transform(data), false).Select(r => r.X), 1e-5, "iterative");
    }

    [TestMethod]
    public void SavedAndLoadedImputersScoreIdentically()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row4>("iterative_x"));
        ITransformer model = Imputers(ml).Append(ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Knn", "X")).Fit(data);
        ITransformer loaded = PipelineChecks.SaveAndLoad(ml, model, data);
        foreach (string column in new[] { "Mean", "Median", "Iterative", "Knn" })
        {
            CollectionAssert.AreEqual(Column(ml, model.Transform(data), column), Column(ml, loaded.Transform(data), column), column);
        }
    }

    [TestMethod]
    public void ExportableImputersScoreThroughOnnxRuntimeAsTheyTransform()
    {
        var ml = new MLContext(1);
        Row4[] rows = Rows<Row4>("iterative_x");
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = Imputers(ml).Fit(data);
        var outputs = PipelineChecks.ScoreExported(ml, model, data, "X", rows.SelectMany(r => r.X).ToArray(), 4);
        IDataView managed = model.Transform(data);
        foreach (string column in new[] { "Mean", "Median", "Iterative" })
        {
            AssertClose([.. Column(ml, managed, column).Select(v => (double)v)], [.. outputs[column + ".output"].GetData<float>().Select(v => (double)v)], 1e-5, column);
        }

        bool[] missing = [.. rows.SelectMany(r => r.X).Select(float.IsNaN)];
        CollectionAssert.AreEqual(missing, outputs["Missing.output"].GetData<bool>());
    }

    [TestMethod]
    public void NearestNeighborImputationSaysWhyItCannotExport()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows<Row3>("knn_train"));
        ITransformer model = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X").Fit(data);
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, data, new MemoryStream()));
        StringAssert.Contains(ex.Message, "Nearest-neighbour imputation of column 'X' cannot be exported to ONNX");
    }

    [TestMethod]
    public void NonNumericColumnsAndBadSettingsAreRejectedClearly()
    {
        var ml = new MLContext(1);
        IDataView text = ml.Data.LoadFromEnumerable(new[] { new TextRow { X = "a" } });
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValues("X", replacementMode: ReplacementMode.Mean).Fit(text));
        StringAssert.Contains(ex.Message, "input column 'X'");
        StringAssert.Contains(ex.Message, "got String");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.IndicateMissingValues("X").Fit(text));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X").Fit(text));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(text));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", numberOfNeighbors: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesIteratively("X", l2Regularization: 0));
    }

    [TestMethod]
    [DataRow("pima-diabetes.csv", 8)]
    [DataRow("breast-cancer.csv", 9)]
    public void RealDataWithHolesIsImputedAndNormalizedBeforeANetworkLearnsIt(string file, int features)
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromTextFile(Path.Combine("TestData", file),
            [new TextLoader.Column("Features", DataKind.Single, 0, features - 1), new TextLoader.Column("Class", DataKind.String, features)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        float[] raw = [.. Features(ml, data)];
        Assert.IsTrue(raw.Any(float.IsNaN), "the data set has missing values");

        ITransformer prep = ml.Transforms.ReplaceMissingValues("Features", replacementMode: ReplacementMode.Median)
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)).Fit(data);
        float[] x = [.. Features(ml, prep.Transform(data))];
        Assert.IsFalse(x.Any(v => !float.IsFinite(v)), "no missing or infinite value reaches the network");

        string[] classes = [.. ml.Data.CreateEnumerable<Labelled>(data, false).Select(r => r.Class)];
        float[] y = [.. classes.Select(c => c is "pos" or "malignant" ? 1f : 0f)];
        var network = new Sequential(new Dense(16, ActivationFunction.ReLU), new Dense(1));
        var history = NetworkTrainer.Fit(network, new BinaryCrossEntropy(fromLogits: true), new Adam(1e-2f),
            new TrainingData(new TensorShape(features), x, y, 1), new TrainingOptions { Epochs = 30, BatchSize = 32, Seed = 1 });
        Assert.IsTrue(history.Epochs.All(e => float.IsFinite((float)e.Loss)), "every epoch's loss is finite");
        Assert.IsTrue(history.Epochs[^1].Loss < history.Epochs[0].Loss * 0.8, $"loss {history.Epochs[0].Loss} → {history.Epochs[^1].Loss}");
    }

    private static IEstimator<ITransformer> Imputers(MLContext ml) =>
        ml.Transforms.ReplaceMissingValues("Mean", "X", ReplacementMode.Mean)
            .Append(ml.Transforms.ReplaceMissingValues("Median", "X", ReplacementMode.Median, imputeBySlot: false))
            .Append(ml.Transforms.IndicateMissingValues("Missing", "X"))
            .Append(ml.Transforms.ReplaceMissingValuesIteratively("Iterative", "X"));

    private static float[] Column(MLContext ml, IDataView data, string column) => PipelineChecks.VectorColumn<Row4>(ml, data, column);

    private static IEnumerable<float> Features(MLContext ml, IDataView data) =>
        ml.Data.CreateEnumerable<Featured>(data, false).SelectMany(r => r.Features);

    private sealed class Indicators
    {
        [VectorType(5)]
        public bool[] Missing { get; set; } = [];
    }

    private sealed class RaggedRow
    {
        [VectorType]
        public float[] X { get; set; } = [];
    }

    private sealed class TextRow
    {
        public string X { get; set; } = "";
    }

    private sealed class Featured
    {
        [VectorType]
        public float[] Features { get; set; } = [];
    }

    private sealed class Labelled
    {
        public string Class { get; set; } = "";
    }
}
