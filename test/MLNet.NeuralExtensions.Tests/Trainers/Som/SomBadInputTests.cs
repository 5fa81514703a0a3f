using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Som;

/// <summary>Bad columns, values and options: each throws naming the column, row, option and value.</summary>
[TestClass]
public sealed class SomBadInputTests
{
    [TestMethod]
    public void AFeatureColumnThatIsMissingOrNotAKnownSizeVectorOfSingleIsASchemaMismatch()
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 6).Select(i => new MixedRow { Fixed = [i, 1], Variable = [i, 2], Doubles = [i, 3], Scalar = i }));

        foreach (string column in new[] { "Variable", "Doubles", "Scalar", "Nope" })
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Clustering.Trainers.Som(column, width: 2, height: 2).Fit(data), column);
            StringAssert.Contains(error.Message, $"'{column}'", column);
            StringAssert.Contains(error.Message, "feature", column);
        }

        Assert.IsNotNull(ml.Clustering.Trainers.Som("Fixed", width: 2, height: 2).Fit(data).Model, "the known-size Single vector trains");
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    public void ANonFiniteFeatureIsReportedWithItsColumnRowAndSlot(float bad)
    {
        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new MixedRow { Fixed = [i, i == 3 ? bad : 1f], Variable = [], Doubles = [0, 0] }));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Clustering.Trainers.Som("Fixed", width: 2, height: 2).Fit(data));
        StringAssert.Contains(error.Message, "Column 'Fixed', row 3, slot 1");
        StringAssert.Contains(error.Message, bad.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public void AnEmptyTrainingSetIsReportedWithItsColumn()
    {
        var ml = new MLContext(1);
        IDataView empty = ml.Data.LoadFromEnumerable(Array.Empty<MixedRow>());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Clustering.Trainers.Som("Fixed", width: 2, height: 2).Fit(empty));
        StringAssert.Contains(error.Message, "Column 'Fixed' has no rows");
    }

    [TestMethod]
    public void ANegativeOrNonFiniteWeightIsReportedWithItsColumnAndRow()
    {
        var ml = new MLContext(1);
        foreach (float bad in new[] { -1f, float.NaN, float.PositiveInfinity })
        {
            IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new MixedRow { Fixed = [i, 1], Variable = [], Doubles = [0, 0], Scalar = i == 2 ? bad : 1 }));
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Clustering.Trainers.Som("Fixed", "Scalar", width: 2, height: 2).Fit(data), $"{bad}");
            StringAssert.Contains(error.Message, "Column 'Scalar', row 2", $"{bad}");
        }

        IDataView zero = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new MixedRow { Fixed = [i, 1], Variable = [], Doubles = [0, 0], Scalar = 0 }));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => ml.Clustering.Trainers.Som("Fixed", "Scalar", width: 2, height: 2).Fit(zero)).Message, "every weight is 0");
    }

    public static IEnumerable<object[]> BadOptions =>
    [
        [new SomOptions { Height = 0 }, "Height = 0"],
        [new SomOptions { Width = -3 }, "Width = -3"],
        [new SomOptions { Width = 1, Height = 1 }, "it has 1"],
        [new SomOptions { Width = 300, Height = 300 }, "it has 90000"],
        [new SomOptions { Width = 3, Height = 3, NumberOfClusters = 10 }, "NumberOfClusters = 10"],
        [new SomOptions { NumberOfClusters = -1 }, "NumberOfClusters = -1"],
        [new SomOptions { Epochs = 0 }, "Epochs = 0"],
        [new SomOptions { LearningRate = float.NaN }, "LearningRate = NaN"],
        [new SomOptions { FinalLearningRate = 0 }, "FinalLearningRate = 0"],
        [new SomOptions { Radius = -1 }, "Radius = -1"],
        [new SomOptions { FinalRadius = 0 }, "FinalRadius = 0"],
        [new SomOptions { Distance = (SomDistance)9 }, "Distance = 9"],
        [new SomOptions { Topology = SomTopology.Hexagonal, Toroidal = true, Height = 5 }, "Height = 5"],
        [new SomOptions { Neighborhood = SomNeighborhood.MexicanHat, Training = SomTrainingMode.Batch }, "Neighborhood = MexicanHat"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadOptions))]
    public void AnOptionOutOfRangeIsRejectedWhenTheTrainerIsMade(SomOptions options, string named)
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MLContext(1).Clustering.Trainers.Som(options));
        StringAssert.Contains(error.Message, named);
    }

    private sealed class MixedRow
    {
        [VectorType(2)]
        public float[] Fixed { get; set; } = [];

        public float[] Variable { get; set; } = [];

        [VectorType(2)]
        public double[] Doubles { get; set; } = [];

        public float Scalar { get; set; }
    }
}
