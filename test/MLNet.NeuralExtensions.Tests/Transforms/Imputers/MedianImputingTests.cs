using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Imputers.ImputerData;

namespace MLNet.NeuralExtensions.Tests.Transforms.Imputers;

[TestClass]
public sealed class MedianImputingTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void MediansBySlotEqualScikitLearnsSimpleImputer(bool isDouble)
    {
        var ml = new MLContext(1);
        double[][] x = Matrix("x");
        IDataView data = View(ml, x, isDouble);
        MedianImputingTransformer model = ml.Transforms.ReplaceMissingValuesByMedian("X").Fit(data);
        double[] expected = Vector("impute_median");
        AssertClose(expected, model.GetMedians(0), 1e-12, "medians");

        double[][] output = Rows(model.Transform(data), "X");
        double[] cells = MissingCells(x, output);
        double[] expectedCells = [.. x.SelectMany(r => r.Select((v, slot) => (v, slot))).Where(c => double.IsNaN(c.v)).Select(c => isDouble ? expected[c.slot] : (float)expected[c.slot])];
        AssertClose(expectedCells, cells, 0, "imputed cells");
    }

    [TestMethod]
    public void WithoutImputeBySlotOneMedianOfEverySlotServesThemAll()
    {
        var ml = new MLContext(1);
        double[][] x = Matrix("x");
        IDataView data = View(ml, x);
        MedianImputingTransformer model = ml.Transforms.ReplaceMissingValuesByMedian("Imputed", "X", imputeBySlot: false).Fit(data);
        Assert.HasCount(1, model.GetMedians(0));
        Assert.AreEqual(Number("impute_median_pooled"), model.GetMedians(0)[0], 1e-12);
        double[] cells = MissingCells(x, Rows(model.Transform(data), "Imputed"));
        Assert.IsTrue(cells.All(v => v == (float)Number("impute_median_pooled")), "every hole gets the pooled median");
    }

    [TestMethod]
    public void ScalarColumnsEachGetTheirOwnMedian()
    {
        var ml = new MLContext(1);
        double[][] x = Matrix("x");
        IDataView data = ml.Data.LoadFromEnumerable(x.Select(r => new Scalars { A = (float)r[0], B = r[1] }));
        MedianImputingTransformer model = ml.Transforms.ReplaceMissingValuesByMedian([new InputOutputColumnPair("A"), new InputOutputColumnPair("ImputedB", "B")]).Fit(data);
        double[] expected = Vector("impute_median");
        Assert.AreEqual(expected[0], model.GetMedians(0)[0], 1e-12);
        Assert.AreEqual(expected[1], model.GetMedians(1)[0], 1e-12);
        Scalars[] output = [.. ml.Data.CreateEnumerable<Scalars>(model.Transform(data), false)];
        for (int r = 0; r < x.Length; r++)
        {
            Assert.AreEqual(double.IsNaN(x[r][0]) ? (float)expected[0] : (float)x[r][0], output[r].A, $"row {r}, A");
            Assert.AreEqual(double.IsNaN(x[r][1]) ? expected[1] : x[r][1], output[r].ImputedB, $"row {r}, ImputedB");
        }
    }

    [TestMethod]
    [DataRow("airquality")]
    [DataRow("pima")]
    [DataRow("breast_cancer")]
    public void RealDataMediansEqualScikitLearns(string name)
    {
        var ml = new MLContext(1);
        var (_, file, width) = RealDataSet(name);
        IDataView data = RealData(ml, file, width);
        MedianImputingTransformer model = ml.Transforms.ReplaceMissingValuesByMedian("Features").Fit(data);
        AssertClose(Vector(name + "_median"), model.GetMedians(0), 1e-12, name);
        double[][] output = Rows(model.Transform(data), "Features");
        Assert.IsTrue(MissingCells(Rows(data, "Features"), output).Length > 0, "the data set has missing values");
    }

    [TestMethod]
    public void TheEstimatorPromisesTheSchemaItProduces()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Transforms.NormalizeMinMax("X").Fit(View(ml, Matrix("x"))).Transform(View(ml, Matrix("x")));
        var estimator = ml.Transforms.ReplaceMissingValuesByMedian("Imputed", "X");
        SchemaShape promised = estimator.GetOutputSchema(ShapeOf(data.Schema));
        DataViewSchema actual = estimator.Fit(data).Transform(data).Schema;
        Assert.AreEqual(ShapeOf(actual).First(c => c.Name == "Imputed").ToString(), promised.First(c => c.Name == "Imputed").ToString());
        Assert.AreEqual(data.Schema["X"].Type, actual["Imputed"].Type);
        Assert.IsTrue(actual["Imputed"].IsNormalized(), "the normalization flag is kept");
    }

    [TestMethod]
    public void BadColumnsAreRejectedNamingTheColumnAndType()
    {
        var ml = new MLContext(1);
        IDataView text = ml.Data.LoadFromEnumerable(new[] { new Text { X = "a" } });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByMedian("X").Fit(text));
        StringAssert.Contains(error.Message, "input column 'X'");
        StringAssert.Contains(error.Message, "got String");
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByMedian("X").GetOutputSchema(ShapeOf(text.Schema)));
        StringAssert.Contains(error.Message, "input column 'X'");
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByMedian("Y", "Absent").Fit(text));
        StringAssert.Contains(error.Message, "'Absent'");

        IDataView ragged = ml.Data.LoadFromEnumerable(new[] { new Ragged { X = [1, float.NaN] }, new Ragged { X = [2] } });
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesByMedian("X").Fit(ragged));
        StringAssert.Contains(error.Message, "known-size vector");
    }

    [TestMethod]
    public void ASlotMissingInEveryTrainingRowHasNoMedian()
    {
        var ml = new MLContext(1);
        IDataView data = View(ml, [[1, double.NaN, 3], [2, double.NaN, 4]]);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.ReplaceMissingValuesByMedian("X").Fit(data));
        StringAssert.Contains(error.Message, "Column 'X', slot 1: no value is present in the 2 training rows");
        IDataView empty = View(ml, [[double.NaN, double.NaN]]);
        error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.ReplaceMissingValuesByMedian("X", imputeBySlot: false).Fit(empty));
        StringAssert.Contains(error.Message, "Column 'X': no value is present in the 1 training rows");
    }

    [TestMethod]
    public void ScoringRejectsAColumnOfAnotherSizeThanFitted()
    {
        var ml = new MLContext(1);
        MedianImputingTransformer model = ml.Transforms.ReplaceMissingValuesByMedian("X").Fit(View(ml, Matrix("x")));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(View(ml, [[1, 2, 3]])));
        StringAssert.Contains(error.Message, "input column 'X'");
        StringAssert.Contains(error.Message, "Vector<Single, 5> (the type it was fitted on)");
    }

    private sealed class Scalars
    {
        public float A { get; set; }

        public double B { get; set; }

        public double ImputedB { get; set; }
    }

    private sealed class Text
    {
        public string X { get; set; } = "";
    }

    private sealed class Ragged
    {
        [VectorType]
        public float[] X { get; set; } = [];
    }
}
