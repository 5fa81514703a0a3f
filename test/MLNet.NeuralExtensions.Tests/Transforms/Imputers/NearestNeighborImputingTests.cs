using Microsoft.ML;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Imputers.ImputerData;
using Weighting = MLNet.NeuralExtensions.Transforms.NearestNeighborImputingEstimator.Weighting;

namespace MLNet.NeuralExtensions.Tests.Transforms.Imputers;

[TestClass]
public sealed class NearestNeighborImputingTests
{
    [TestMethod]
    [DataRow(5, Weighting.Uniform, "knn_5_uniform", false)]
    [DataRow(3, Weighting.Distance, "knn_3_distance", false)]
    [DataRow(5, Weighting.Uniform, "knn_5_uniform", true)]
    [DataRow(3, Weighting.Distance, "knn_3_distance", true)]
    public void ImputationEqualsScikitLearnsKnnImputer(int k, Weighting weighting, string golden, bool isDouble)
    {
        var ml = new MLContext(1);
        IDataView train = View(ml, Matrix("knn_train"), isDouble), test = View(ml, Matrix("knn_test"), isDouble);
        NearestNeighborImputingTransformer model = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", numberOfNeighbors: k, weighting: weighting).Fit(train);
        Assert.AreEqual(k, model.NumberOfNeighbors);
        Assert.AreEqual(Matrix("knn_train").Length, model.TrainingRowCount);
        AssertClose(Matrix(golden + "_train"), Rows(model.Transform(train), "X"), 1e-5, golden + " on the training rows");
        AssertClose(Matrix(golden + "_test"), Rows(model.Transform(test), "X"), 1e-5, golden + " on new rows");
    }

    [TestMethod]
    [DataRow("airquality", 5, Weighting.Uniform)]
    [DataRow("airquality", 3, Weighting.Distance)]
    [DataRow("pima", 5, Weighting.Uniform)]
    [DataRow("pima", 3, Weighting.Distance)]
    public void RealDataImputationEqualsScikitLearns(string name, int k, Weighting weighting)
    {
        var ml = new MLContext(1);
        var (_, file, width) = RealDataSet(name);
        IDataView data = RealData(ml, file, width);
        IDataView output = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("Imputed", "Features", k, weighting).Fit(data).Transform(data);
        double[] cells = MissingCells(Rows(data, "Features"), Rows(output, "Imputed"));
        string golden = $"{name}_knn_{k}_{(weighting == Weighting.Uniform ? "uniform" : "distance")}_cells";
        AssertClose(Vector(golden), [.. cells.Select(v => (double)(float)v)], 1e-5, golden);
    }

    [TestMethod]
    public void ARowSharingNoSlotWithAnyDonorGetsTheSlotMean()
    {
        var ml = new MLContext(1);
        IDataView train = View(ml, [[1, double.NaN], [3, double.NaN], [4, 10], [double.NaN, 20]]);
        var model = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", numberOfNeighbors: 1).Fit(train);
        // Row 0 shares slot 1 only with training row 2, the one donor of slot 0 at a distance; row 1 shares no slot with
        // anyone and gets both means; row 2 shares slot 0 with training row 2 but not with row 3, slot 1's other donor.
        double[][] output = Rows(model.Transform(View(ml, [[double.NaN, 5], [double.NaN, double.NaN], [3.5, double.NaN]])), "X");
        CollectionAssert.AreEqual(new[] { 4.0, 5 }, output[0]);
        CollectionAssert.AreEqual(new[] { (double)(float)(8 / 3.0), 15 }, output[1]);
        CollectionAssert.AreEqual(new[] { 3.5, 10 }, output[2]);
    }

    [TestMethod]
    public void DonorsFartherThanEveryRowWithoutTheSlotAreStillFound()
    {
        var ml = new MLContext(1);
        // Forty rows near the query lack slot 1; its only donors are three rows far away, of which the two nearest count.
        double[][] near = [.. Enumerable.Range(0, 40).Select(i => new[] { i * 0.01, double.NaN })];
        IDataView train = View(ml, [.. near, [10, 1], [11, 2], [12, 3]]);
        var model = ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", numberOfNeighbors: 2).Fit(train);
        CollectionAssert.AreEqual(new[] { 0, 1.5 }, Rows(model.Transform(View(ml, [[0, double.NaN]])), "X")[0]);
    }

    [TestMethod]
    public void BadSettingsAndColumnsAreRejectedNamingThem()
    {
        var ml = new MLContext(1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", numberOfNeighbors: 0));
        StringAssert.Contains(error.Message, "numberOfNeighbors");
        StringAssert.Contains(error.Message, "got 0");
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X", weighting: (Weighting)7));
        StringAssert.Contains(error.Message, "weighting");
        StringAssert.Contains(error.Message, "got 7");

        IDataView scalars = ml.Data.LoadFromEnumerable(new[] { new Scalar { X = 1 } });
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X").Fit(scalars));
        StringAssert.Contains(error.Message, "input column 'X'");
        StringAssert.Contains(error.Message, "expected a known-size vector of Single or Double, got Single");

        var empty = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.ReplaceMissingValuesByNearestNeighbors("X").Fit(View(ml, [[1, double.NaN], [2, double.NaN]])));
        StringAssert.Contains(empty.Message, "Column 'X', slot 1: no value is present in the 2 training rows; nearest-neighbour imputation needs at least one.");
    }

    private sealed class Scalar
    {
        public float X { get; set; }
    }
}
