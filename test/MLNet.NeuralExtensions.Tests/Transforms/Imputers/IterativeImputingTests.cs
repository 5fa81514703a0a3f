using Microsoft.ML;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Imputers.ImputerData;
using InitialValue = MLNet.NeuralExtensions.Transforms.IterativeImputingEstimator.InitialValue;
using Order = MLNet.NeuralExtensions.Transforms.IterativeImputingEstimator.Order;

namespace MLNet.NeuralExtensions.Tests.Transforms.Imputers;

[TestClass]
public sealed class IterativeImputingTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void DefaultsEqualScikitLearnsIterativeImputerWithRidge(bool isDouble)
    {
        var ml = new MLContext(1);
        IDataView data = View(ml, Matrix("iterative_x"), isDouble);
        IterativeImputingTransformer model = ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(data);
        Assert.AreEqual(Integer("iterative_iterations"), model.Iterations);
        AssertClose(Matrix("iterative_output"), Rows(model.Transform(data), "X"), 1e-5, "training rows");
        AssertClose(Matrix("iterative_test_output"), Rows(model.Transform(View(ml, Matrix("iterative_test"), isDouble)), "X"), 1e-5, "new rows");
    }

    [TestMethod]
    [DataRow("descending_median", Order.Descending, InitialValue.Median, 1.0)]
    [DataRow("roman_most_frequent", Order.LeftToRight, InitialValue.Mode, 1.0)]
    [DataRow("arabic_alpha", Order.RightToLeft, InitialValue.Mean, 0.1)]
    public void OtherOrdersInitialValuesAndPenaltiesEqualScikitLearns(string golden, Order order, InitialValue initial, double alpha)
    {
        var ml = new MLContext(1);
        IDataView data = View(ml, Matrix("iterative_x"));
        IterativeImputingTransformer model = ml.Transforms.ReplaceMissingValuesIteratively("X", l2Regularization: alpha, imputationOrder: order, initialValues: initial).Fit(data);
        Assert.AreEqual(Integer($"iterative_{golden}_iterations"), model.Iterations);
        AssertClose(Matrix($"iterative_{golden}_output"), Rows(model.Transform(data), "X"), 1e-5, golden);
    }

    [TestMethod]
    public void FittedOnCompleteRowsOneRoundOfRegressionsFillsNewRows()
    {
        var ml = new MLContext(1);
        double[][] complete = [.. Matrix("iterative_x").Where(r => !r.Any(double.IsNaN))];
        Assert.HasCount(Integer("iterative_complete_rows"), complete);
        IterativeImputingTransformer model = ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(View(ml, complete));
        Assert.AreEqual(Integer("iterative_complete_iterations"), model.Iterations);
        AssertClose(Matrix("iterative_complete_test_output"), Rows(model.Transform(View(ml, Matrix("iterative_test"))), "X"), 1e-5, "new rows");
    }

    [TestMethod]
    [DataRow("airquality")]
    [DataRow("pima")]
    [DataRow("breast_cancer")]
    public void RealDataImputationEqualsScikitLearns(string name)
    {
        var ml = new MLContext(1);
        var (_, file, width) = RealDataSet(name);
        IDataView data = RealData(ml, file, width);
        IterativeImputingTransformer model = ml.Transforms.ReplaceMissingValuesIteratively("Imputed", "Features").Fit(data);
        Assert.AreEqual(Integer(name + "_iterative_iterations"), model.Iterations);
        double[] cells = MissingCells(Rows(data, "Features"), Rows(model.Transform(data), "Imputed"));
        AssertClose(Vector(name + "_iterative_cells"), [.. cells], 1e-5, name);
    }

    [TestMethod]
    public void AVectorOfOneSlotOrNoRoundsKeepsTheInitialValues()
    {
        var ml = new MLContext(1);
        IterativeImputingTransformer single = ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(View(ml, [[1], [double.NaN], [4]]));
        Assert.AreEqual(0, single.Iterations);
        CollectionAssert.AreEqual(new[] { 1.0, 2.5, 4 }, Rows(single.Transform(View(ml, [[1], [double.NaN], [4]])), "X").Select(r => r[0]).ToArray());

        IDataView data = View(ml, Matrix("iterative_x"));
        IterativeImputingTransformer none = ml.Transforms.ReplaceMissingValuesIteratively("X", maximumIterations: 0, initialValues: InitialValue.Median).Fit(data);
        Assert.AreEqual(0, none.Iterations);
        double[][] x = Matrix("iterative_x");
        double[] medians = [.. Enumerable.Range(0, 4).Select(s => Median(x.Select(r => r[s]).Where(v => !double.IsNaN(v))))];
        AssertClose(medians, none.InitialValues, 1e-12, "initial medians");
        double[] cells = MissingCells(x, Rows(none.Transform(data), "X"));
        double[] expected = [.. x.SelectMany(r => r.Select((v, s) => (v, s))).Where(c => double.IsNaN(c.v)).Select(c => (double)(float)medians[c.s])];
        AssertClose(expected, cells, 0, "cells");
    }

    [TestMethod]
    public void BadSettingsAndColumnsAreRejectedNamingThem()
    {
        var ml = new MLContext(1);
        (Func<object> Create, string Option, string Value)[] cases =
        [
            (() => ml.Transforms.ReplaceMissingValuesIteratively("X", maximumIterations: -1), "maximumIterations", "got -1"),
            (() => ml.Transforms.ReplaceMissingValuesIteratively("X", tolerance: -0.5), "tolerance", "got -0.5"),
            (() => ml.Transforms.ReplaceMissingValuesIteratively("X", tolerance: double.NaN), "tolerance", "got NaN"),
            (() => ml.Transforms.ReplaceMissingValuesIteratively("X", l2Regularization: 0), "l2Regularization", "got 0"),
            (() => ml.Transforms.ReplaceMissingValuesIteratively("X", imputationOrder: (Order)9), "imputationOrder", "got 9"),
            (() => ml.Transforms.ReplaceMissingValuesIteratively("X", initialValues: (InitialValue)9), "initialValues", "got 9"),
        ];
        foreach (var (create, option, value) in cases)
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => create());
            StringAssert.Contains(error.Message, option);
            StringAssert.Contains(error.Message, value);
        }

        var empty = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(View(ml, [[double.NaN, 1], [double.NaN, 2]])));
        StringAssert.Contains(empty.Message, "Column 'X', slot 0: no value is present in the 2 training rows; iterative imputation needs at least one.");
        IDataView scalars = ml.Data.LoadFromEnumerable(new[] { new Scalar { X = 1 } });
        var schema = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ReplaceMissingValuesIteratively("X").Fit(scalars));
        StringAssert.Contains(schema.Message, "input column 'X'");
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed class Scalar
    {
        public float X { get; set; }
    }
}
