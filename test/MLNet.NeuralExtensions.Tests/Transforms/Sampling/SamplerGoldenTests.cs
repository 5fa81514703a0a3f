using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Sampling.SamplingData;

namespace MLNet.NeuralExtensions.Tests.Transforms.Sampling;

/// <summary>Class counts after each sampler and the rows Tomek links remove, against imbalanced-learn 0.10 on the same
/// data (eng/golden/make_sampling_goldens.py).</summary>
[TestClass]
public sealed class SamplerGoldenTests
{
    private static readonly Dictionary<string, SamplingStrategy> s_over = new()
    {
        ["auto"] = SamplingStrategy.Auto,
        ["minority"] = SamplingStrategy.Minority,
        ["not minority"] = SamplingStrategy.NotMinority,
        ["not majority"] = SamplingStrategy.NotMajority,
        ["all"] = SamplingStrategy.All,
        ["counts"] = SamplingStrategy.Counts(new Dictionary<string, int> { ["b"] = 40, ["c"] = 30 }),
    };

    private static readonly Dictionary<string, SamplingStrategy> s_under = new()
    {
        ["auto"] = SamplingStrategy.Auto,
        ["majority"] = SamplingStrategy.Majority,
        ["not minority"] = SamplingStrategy.NotMinority,
        ["not majority"] = SamplingStrategy.NotMajority,
        ["all"] = SamplingStrategy.All,
        ["counts"] = SamplingStrategy.Counts(new Dictionary<string, int> { ["a"] = 20, ["b"] = 10 }),
    };

    public static IEnumerable<object[]> OverStrategies => s_over.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> UnderStrategies => s_under.Keys.Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(OverStrategies))]
    public void OverSamplersReachImbalancedLearnsClassCounts(string strategy)
    {
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("three"));
        SamplingStrategy s = s_over[strategy];
        AssertCounts(GoldenCounts("three_over", "random", strategy), ml.Transforms.OverSampleRandomly(strategy: s).Fit(data).Resample(data), "random over-sampling");
        AssertCounts(GoldenCounts("three_over", "smote", strategy), ml.Transforms.OverSampleSmote(strategy: s).Fit(data).Resample(data), "SMOTE");
        AssertCounts(GoldenCounts("three_over", "borderline1", strategy), ml.Transforms.OverSampleBorderlineSmote(strategy: s).Fit(data).Resample(data), "Borderline-SMOTE-1");
    }

    [TestMethod]
    [DynamicData(nameof(UnderStrategies))]
    public void UnderSamplingReachesImbalancedLearnsClassCounts(string strategy)
    {
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("three"));
        AssertCounts(GoldenCounts("three_under", strategy), ml.Transforms.UnderSampleRandomly(strategy: s_under[strategy]).Fit(data).Resample(data), "without replacement");
        AssertCounts(GoldenCounts("three_under_replacement", strategy), ml.Transforms.UnderSampleRandomly(strategy: s_under[strategy], replacement: true).Fit(data).Resample(data), "with replacement");
    }

    [TestMethod]
    public void TiesBetweenEquallyLargeClassesGoToTheLabelThatSortsFirst()
    {
        // Classes a and b have 30 rows, c and d 10; the data start with d and b, so the first seen would pick d and b.
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("ties"));
        AssertCounts(GoldenCounts("ties_over", "minority"), ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.Minority).Fit(data).Resample(data), "minority");
        AssertCounts(GoldenCounts("ties_over", "not minority"), ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.NotMinority).Fit(data).Resample(data), "not minority");
        AssertCounts(GoldenCounts("ties_over", "not majority"), ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.NotMajority).Fit(data).Resample(data), "not majority");
        AssertCounts(GoldenCounts("ties_under", "majority"), ml.Transforms.UnderSampleRandomly(strategy: SamplingStrategy.Majority).Fit(data).Resample(data), "majority");
        AssertCounts(GoldenCounts("ties_under", "not minority"), ml.Transforms.UnderSampleRandomly(strategy: SamplingStrategy.NotMinority).Fit(data).Resample(data), "not minority");
        AssertCounts(GoldenCounts("ties_under", "not majority"), ml.Transforms.UnderSampleRandomly(strategy: SamplingStrategy.NotMajority).Fit(data).Resample(data), "not majority");
    }

    [TestMethod]
    public void RatiosOnTwoClassesFollowImbalancedLearn()
    {
        var ml = new MLContext(1);
        IDataView binary = Load(ml, Rows("three").Where(r => r.Label != "c"));
        AssertCounts(GoldenCounts("binary_over_0.6"), ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.Ratio(0.6)).Fit(binary).Resample(binary), "random over-sampling");
        AssertCounts(GoldenCounts("binary_smote_0.6"), ml.Transforms.OverSampleSmote(strategy: SamplingStrategy.Ratio(0.6)).Fit(binary).Resample(binary), "SMOTE");
        AssertCounts(GoldenCounts("binary_under_0.8"), ml.Transforms.UnderSampleRandomly(strategy: SamplingStrategy.Ratio(0.8)).Fit(binary).Resample(binary), "random under-sampling");
    }

    [TestMethod]
    public void AdasynAndSmoteNCReachImbalancedLearnsClassCounts()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows("three");
        AssertCounts(GoldenCounts("three_adasyn"), ml.Transforms.OverSampleAdasyn().Fit(Load(ml, rows)).Resample(Load(ml, rows)), "ADASYN");

        float[] codes = [.. Golden("three_codes").EnumerateArray().Select(e => (float)e.GetDouble())];
        IDataView mixed = Load(ml, rows.Select(r => new SampleRow { Id = r.Id, Label = r.Label, Features = [.. r.Features, codes[r.Id]] }));
        AssertCounts(GoldenCounts("three_smotenc"), ml.Transforms.OverSampleSmoteNC([2]).Fit(mixed).Resample(mixed), "SMOTE-NC");
    }

    [TestMethod]
    public void BorderlineSmoteLeavesAClassWithoutBorderRowsAndAdasynRefusesIt()
    {
        var ml = new MLContext(1);
        IDataView data = Load(ml, Rows("separated"));
        AssertCounts(GoldenCounts("separated_borderline1"), ml.Transforms.OverSampleBorderlineSmote().Fit(data).Resample(data), "Borderline-SMOTE-1");
        AssertCounts(GoldenCounts("separated_borderline1"), ml.Transforms.OverSampleBorderlineSmote(kind: BorderlineSmoteKind.Borderline2).Fit(data).Resample(data), "Borderline-SMOTE-2");
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleAdasyn().Fit(data).Resample(data));
        StringAssert.Contains(error.Message, $"class '{Golden("separated_adasyn_fails_for").GetString()}' (12 rows)");
    }

    [TestMethod]
    [DataRow("three", "auto")]
    [DataRow("three", "all")]
    [DataRow("three", "majority")]
    [DataRow("three", "not majority")]
    [DataRow("three", "list a")]
    [DataRow("overlap", "auto")]
    [DataRow("overlap", "all")]
    public void TomekLinkCleaningRemovesTheRowsImbalancedLearnRemoves(string set, string strategy)
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows(set);
        IDataView data = Load(ml, rows);
        SamplingStrategy s = strategy switch
        {
            "auto" => SamplingStrategy.Auto,
            "all" => SamplingStrategy.All,
            "majority" => SamplingStrategy.Majority,
            "not majority" => SamplingStrategy.NotMajority,
            _ => SamplingStrategy.Classes("a"),
        };
        int[] kept = [.. Read(ml, ml.Transforms.RemoveTomekLinks(strategy: s).Fit(data).Resample(data)).Select(r => r.Id)];
        CollectionAssert.AreEqual(GoldenRows(set + "_tomek_removed", strategy), Enumerable.Range(0, rows.Length).Except(kept).ToArray());
        CollectionAssert.AreEqual(kept.Order().ToArray(), kept, "the kept rows stay in data order");
    }

    [TestMethod]
    public void OnGlassTheNeighbourSamplersMatchImbalancedLearn()
    {
        var ml = new MLContext(1);
        IDataView glass = Glass(ml, out int rows);
        AssertCounts(GoldenCounts("glass", "smote"), ml.Transforms.OverSampleSmote().Fit(glass).Resample(glass), "SMOTE");
        AssertCounts(GoldenCounts("glass", "borderline1"), ml.Transforms.OverSampleBorderlineSmote().Fit(glass).Resample(glass), "Borderline-SMOTE-1");
        foreach (string strategy in new[] { "auto", "all" })
        {
            var tomek = ml.Transforms.RemoveTomekLinks(strategy: strategy == "all" ? SamplingStrategy.All : SamplingStrategy.Auto).Fit(glass);
            int[] kept = [.. Read(ml, tomek.Resample(glass)).Select(r => r.Id)];
            CollectionAssert.AreEqual(GoldenRows("glass", "tomek_removed_" + strategy), Enumerable.Range(0, rows).Except(kept).ToArray(), strategy);
        }

        // imbalanced-learn's ADASYN gives class "1" (69 rows, 7 short of the majority) no new row and fails; so does ours.
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleAdasyn().Fit(glass).Resample(glass));
        StringAssert.Contains(error.Message, $"class '{Golden("glass", "adasyn_generates_nothing_for").GetString()}' (69 rows)");
    }

    /// <summary>UCI Glass loaded with ML.NET's text loader, without the duplicate row the golden leaves out, as
    /// <see cref="SampleRow"/>s numbered in the golden's order.</summary>
    internal static IDataView Glass(MLContext ml, out int rows)
    {
        IDataView loaded = ml.Data.LoadFromTextFile(Path.Combine("TestData", "glass.csv"),
            [new TextLoader.Column("Features", DataKind.Single, 0, 8), new TextLoader.Column("Label", DataKind.String, 9)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var all = ml.Data.CreateEnumerable<GlassRow>(loaded, reuseRowObject: false).ToArray();
        int[] kept = GoldenRows("glass_rows");
        rows = kept.Length;
        return Load(ml, kept.Select((r, i) => new SampleRow { Id = i, Label = all[r].Label, Features = all[r].Features }));
    }

    private static void AssertCounts(Dictionary<string, int> expected, IDataView actual, string what)
    {
        Dictionary<string, int> counts = ClassCounts(actual);
        CollectionAssert.AreEquivalent(expected, counts, $"{what}: expected {Show(expected)}, got {Show(counts)}");
        Assert.AreEqual(expected.Values.Sum(), actual.GetRowCount(), $"{what}: the row count the view reports");
    }

    private static string Show(Dictionary<string, int> counts) => string.Join(", ", counts.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));

    private sealed class GlassRow
    {
        [VectorType(9)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }
}
