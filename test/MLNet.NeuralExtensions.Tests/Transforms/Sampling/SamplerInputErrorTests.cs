using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Sampling.SamplingData;

namespace MLNet.NeuralExtensions.Tests.Transforms.Sampling;

/// <summary>Bad input to the samplers: each exception names the column, the class or the value.</summary>
[TestClass]
public sealed class SamplerInputErrorTests
{
    [TestMethod]
    [DataRow("smote")]
    [DataRow("smote-nc")]
    [DataRow("borderline")]
    [DataRow("adasyn")]
    public void NeighboursAsManyAsAClassesRowsNameTheClassAndItsSize(string sampler)
    {
        // Class c has 9 rows: k = 9 leaves a row 8 neighbours in its class.
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("three").Select(r => new SampleRow { Id = r.Id, Label = r.Label, Features = [.. r.Features, r.Id % 3] }));
        ResamplingEstimator estimator = sampler switch
        {
            "smote" => ml.Transforms.OverSampleSmote(numberOfNeighbors: 9),
            "smote-nc" => ml.Transforms.OverSampleSmoteNC([2], numberOfNeighbors: 9),
            "borderline" => ml.Transforms.OverSampleBorderlineSmote(numberOfNeighbors: 9),
            _ => ml.Transforms.OverSampleAdasyn(numberOfNeighbors: 9),
        };
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.Concatenate("Features", "Features").Append(estimator).Fit(data));
        StringAssert.Contains(error.Message, "class 'c' (9 rows) of label column 'Label'");
        StringAssert.Contains(error.Message, "numberOfNeighbors = 9");

        // k = 8 fits; leaving class c out of the strategy fits with k = 9.
        Assert.AreEqual(180, ml.Transforms.OverSampleSmote(numberOfNeighbors: 8).Fit(data).Resample(data).GetRowCount());
        var counts = SamplingStrategy.Counts(new Dictionary<string, int> { ["b"] = 60 });
        Assert.AreEqual(129, ml.Transforms.OverSampleSmote(numberOfNeighbors: 9, strategy: counts).Fit(data).Resample(data).GetRowCount());
    }

    [TestMethod]
    public void RatiosOutOfRangeOrThatCannotBeReachedAreRefused()
    {
        foreach (double ratio in new[] { 0, -0.5, 1.5, double.NaN })
        {
            var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SamplingStrategy.Ratio(ratio));
            StringAssert.Contains(error.Message, "(0, 1]");
            Assert.AreEqual("ratio", error.ParamName);
        }

        var ml = new MLContext(1);
        IDataView binary = Load(ml, Rows("three").Where(r => r.Label != "c"));
        var tooLow = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmote(strategy: SamplingStrategy.Ratio(0.3)).Fit(binary).Resample(binary));
        StringAssert.Contains(tooLow.Message, "class 'b' (24 rows)");
        StringAssert.Contains(tooLow.Message, "18 rows against 60");
        var tooHigh = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.UnderSampleRandomly(strategy: SamplingStrategy.Ratio(0.3)).Fit(binary).Resample(binary));
        StringAssert.Contains(tooHigh.Message, "class 'a' (60 rows)");
        StringAssert.Contains(tooHigh.Message, "to 80 rows");

        IDataView three = Load(ml, Rows("three"));
        var notBinary = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.Ratio(0.5)).Fit(three).Resample(three));
        StringAssert.Contains(notBinary.Message, "exactly two classes; label column 'Label' holds 3");
        var negative = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SamplingStrategy.Counts(new Dictionary<string, int> { ["a"] = -1 }));
        StringAssert.Contains(negative.Message, "class 'a'");
        var unknown = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmote(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["z"] = 90 })).Fit(three).Resample(three));
        StringAssert.Contains(unknown.Message, "class 'z' (String)");
        StringAssert.Contains(unknown.Message, "'c' (9 rows)");
        var shrink = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmote(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["b"] = 10 })).Fit(three).Resample(three));
        StringAssert.Contains(shrink.Message, "10 rows of class 'b' (24 rows)");
        var wrongKind = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.RemoveTomekLinks(strategy: SamplingStrategy.Minority).Fit(three).Resample(three));
        StringAssert.Contains(wrongKind.Message, "Minority does not apply to cleaning samplers");
        wrongKind = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmote(strategy: SamplingStrategy.Majority).Fit(three).Resample(three));
        StringAssert.Contains(wrongKind.Message, "Majority does not apply to over-samplers");
    }

    [TestMethod]
    public void ColumnsOfTheWrongTypeOrMissingAreNamedWhenThePipelineIsChecked()
    {
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("three"));
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.OverSampleSmote(labelColumnName: "Class").Fit(data));
        StringAssert.Contains(missing.Message, "label column 'Class'");
        missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.Concatenate("Features", "Features").Append(ml.Transforms.OverSampleSmote(featureColumnName: "X")).Fit(data));
        StringAssert.Contains(missing.Message, "feature column 'X'");

        IDataView doubles = ml.Transforms.Conversion.ConvertType("Features", outputKind: DataKind.Double).Fit(data).Transform(data);
        var wrong = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.OverSampleSmote().Append(ml.BinaryClassification.Trainers.FastTree()).Fit(doubles));
        StringAssert.Contains(wrong.Message, "feature column 'Features': expected a vector of Single of known size, got Vector<Double>");
        wrong = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.RemoveTomekLinks(featureColumnName: "Label").Fit(data));
        StringAssert.Contains(wrong.Message, "feature column 'Label': expected a vector of Single of known size, got String");
        IDataView vectorLabel = ml.Transforms.CopyColumns("Label", "Features").Fit(data).Transform(data);
        wrong = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.OverSampleRandomly().Fit(vectorLabel));
        StringAssert.Contains(wrong.Message, "label column 'Label': expected a scalar Boolean, key, text or number");

        // Random over- and under-sampling read no features.
        Assert.AreEqual(180, ml.Transforms.OverSampleRandomly(seed: 1).Fit(doubles).Resample(doubles).GetRowCount());
    }

    [TestMethod]
    public void NonFiniteFeaturesAndMissingLabelsNameTheColumnAndRow()
    {
        var ml = new MLContext(1);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
        {
            SampleRow[] rows = Rows("three");
            rows[17].Features[1] = bad;
            IDataView data = Load(ml, rows);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.OverSampleSmote().Fit(data).Resample(data));
            StringAssert.Contains(error.Message, "Column 'Features', row 17, slot 1");
            StringAssert.Contains(error.Message, "SMOTE needs finite values");
        }

        IDataView text = Load(ml, Rows("three"));
        IDataView numbers = ml.Transforms.Conversion.MapValue("Label", new[] { Pair("a", 1f), Pair("b", 2f), Pair("c", float.NaN) }, "Label").Fit(text).Transform(text);
        int firstC = Rows("three").First(r => r.Label == "c").Id;
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => ml.Transforms.OverSampleRandomly().Fit(numbers).Resample(numbers));
        StringAssert.Contains(missing.Message, $"Label column 'Label', row {firstC}: the label is missing");
    }

    [TestMethod]
    public void ALabelWithOneClassNamesTheColumnAndTheClass()
    {
        var ml = new MLContext(1);
        IDataView single = Load(ml, Rows("three").Where(r => r.Label == "a"));
        foreach (ResamplingEstimator sampler in new[] { ml.Transforms.OverSampleSmote(), ml.Transforms.UnderSampleRandomly(), ml.Transforms.RemoveTomekLinks() })
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => sampler.Fit(single).Resample(single));
            StringAssert.Contains(error.Message, "Label column 'Label' holds a single class, 'a' (60 rows)");
        }
    }

    [TestMethod]
    public void SmoteNCSlotsMustLieInTheVectorAndLeaveANumericSlot()
    {
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("three"));
        var outside = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmoteNC([1, 2]).Fit(data).Resample(data));
        StringAssert.Contains(outside.Message, "categorical slots [1, 2] must lie within the 2 feature slots");
        var unchanged = SamplingStrategy.Counts(new Dictionary<string, int> { ["b"] = 24 });
        outside = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmoteNC([5], strategy: unchanged).Fit(data).Resample(data));
        StringAssert.Contains(outside.Message, "categorical slots [5] must lie within the 2 feature slots", "also when no class grows");
        var all = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmoteNC([0, 1]).Fit(data).Resample(data));
        StringAssert.Contains(all.Message, "leave at least one numeric slot");
        var none = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.OverSampleSmoteNC([]));
        StringAssert.Contains(none.Message, "at least one categorical slot");
    }

    private static KeyValuePair<string, T> Pair<T>(string key, T value) => new(key, value);
}
