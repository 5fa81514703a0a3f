using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.DataPrep.DataPrepGoldens;

namespace MLNet.NeuralExtensions.Tests.DataPrep;

[TestClass]
public sealed class SamplerTests
{
    public static IEnumerable<object[]> OverStrategies =>
    [
        ["auto", SamplingStrategy.Auto], ["not minority", SamplingStrategy.NotMinority], ["all", SamplingStrategy.All],
        ["counts", SamplingStrategy.Counts(new Dictionary<string, int> { ["b"] = 30, ["c"] = 40 })],
    ];

    public static IEnumerable<object[]> UnderStrategies =>
    [
        ["auto", SamplingStrategy.Auto], ["majority", SamplingStrategy.Majority], ["not majority", SamplingStrategy.NotMajority], ["all", SamplingStrategy.All],
        ["counts", SamplingStrategy.Counts(new Dictionary<string, int> { ["a"] = 10, ["b"] = 15 })],
    ];

    [TestMethod]
    [DynamicData(nameof(OverStrategies))]
    public void OverSamplersReachImbalancedLearnsClassCounts(string golden, SamplingStrategy strategy)
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        Dictionary<string, int> expected = ClassCounts("over_counts", golden);
        CollectionAssert.AreEquivalent(expected, Counts(ml, ml.Transforms.OverSampleRandomly(strategy: strategy).Fit(data).Resample(data)), "random over-sampling");
        CollectionAssert.AreEquivalent(expected, Counts(ml, ml.Transforms.OverSampleSmote(strategy: strategy).Fit(data).Resample(data)), "SMOTE");
        CollectionAssert.AreEquivalent(expected, Counts(ml, ml.Transforms.OverSampleBorderlineSmote(numberOfDangerNeighbors: 5, strategy: strategy).Fit(data).Resample(data)), "Borderline-SMOTE");
    }

    [TestMethod]
    [DynamicData(nameof(UnderStrategies))]
    public void UnderSamplingReachesImbalancedLearnsClassCounts(string golden, SamplingStrategy strategy)
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        CollectionAssert.AreEquivalent(ClassCounts("under_counts", golden), Counts(ml, ml.Transforms.UnderSampleRandomly(strategy: strategy).Fit(data).Resample(data)));
    }

    [TestMethod]
    public void MinorityStrategyGrowsOnlyTheSmallestClassAndRatiosNeedTwoClasses()
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        CollectionAssert.AreEquivalent(new Dictionary<string, int> { ["a"] = 50, ["b"] = 20, ["c"] = 50 },
            Counts(ml, ml.Transforms.OverSampleSmote(strategy: SamplingStrategy.Minority).Fit(data).Resample(data)));

        IDataView binary = ml.Data.LoadFromEnumerable(Rows().Where(r => r.Label != "c"));
        var expectedOver = ClassCounts("ratio_over_counts").Where(p => p.Value > 0).ToDictionary();
        var expectedUnder = ClassCounts("ratio_under_counts").Where(p => p.Value > 0).ToDictionary();
        CollectionAssert.AreEquivalent(expectedOver, Counts(ml, ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.Ratio(0.6)).Fit(binary).Resample(binary)));
        CollectionAssert.AreEquivalent(expectedUnder, Counts(ml, ml.Transforms.UnderSampleRandomly(strategy: SamplingStrategy.Ratio(0.8)).Fit(binary).Resample(binary)));

        var ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.Ratio(0.5)).Fit(data).Resample(data));
        StringAssert.Contains(ex.Message, "exactly two classes");
        ex = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleRandomly(strategy: SamplingStrategy.Counts(new Dictionary<string, int> { ["z"] = 9 })).Fit(data).Resample(data));
        StringAssert.Contains(ex.Message, "Class 'z'");
    }

    [TestMethod]
    [DataRow("auto")]
    [DataRow("all")]
    public void TomekLinkCleaningRemovesTheRowsImbalancedLearnRemoves(string golden)
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        SamplingStrategy strategy = golden == "all" ? SamplingStrategy.All : SamplingStrategy.Auto;
        int[] kept = [.. ml.Data.CreateEnumerable<SampleRow>(ml.Transforms.RemoveTomekLinks(strategy: strategy).Fit(data).Resample(data), false).Select(r => r.Index)];
        int[] removed = [.. Enumerable.Range(0, Rows().Length).Except(kept)];
        CollectionAssert.AreEqual(Integers("tomek_removed_" + golden), removed);
    }

    [TestMethod]
    public void AdasynGeneratesImbalancedLearnsPerRowCounts()
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        var actual = Counts(ml, ml.Transforms.OverSampleAdasyn().Fit(data).Resample(data));
        CollectionAssert.AreEquivalent(ClassCounts("adasyn_counts"), actual, string.Join(", ", actual.Select(p => $"{p.Key}={p.Value}")));
    }

    [TestMethod]
    [DataRow("smote")]
    [DataRow("borderline1")]
    [DataRow("adasyn")]
    public void EverySyntheticPointLiesOnASegmentToOneOfItsSeedsNeighbours(string sampler)
    {
        const int k = 5;
        var ml = new MLContext(1);
        SampleRow[] rows = Rows();
        IDataView data = Labelled(ml);
        IEstimator<ResamplingTransformer> estimator = sampler switch
        {
            "smote" => ml.Transforms.OverSampleSmote(numberOfNeighbors: k, seed: 3),
            "borderline1" => ml.Transforms.OverSampleBorderlineSmote(numberOfNeighbors: k, numberOfDangerNeighbors: 5, seed: 3),
            _ => ml.Transforms.OverSampleAdasyn(numberOfNeighbors: k, seed: 3),
        };
        SampleRow[] output = [.. ml.Data.CreateEnumerable<SampleRow>(estimator.Fit(data).Resample(data), false)];
        SampleRow[] synthetic = output[rows.Length..];
        Assert.IsTrue(synthetic.Length > 0);
        foreach (SampleRow s in synthetic)
        {
            // The seed is the row whose other columns the synthetic row copies.
            SampleRow seed = rows[s.Index];
            Assert.AreEqual(seed.Label, s.Label);
            SampleRow[] sameClass = [.. rows.Where(r => r.Label == seed.Label && r.Index != seed.Index)];
            var neighbours = sameClass.OrderBy(r => Distance(r.Features, seed.Features)).Take(k);
            Assert.IsTrue(neighbours.Any(n => OnSegment(seed.Features, n.Features, s.Features)), $"synthetic point ({s.Features[0]}, {s.Features[1]}) is not between row {seed.Index} and one of its {k} neighbours");
        }
    }

    [TestMethod]
    public void AdasynGrowsTheBorderMoreThanTheInterior()
    {
        // Majority rows fill [0, 2] × [0, 1]; half the minority rows sit among them (the border), half far away at x ≈ 10.
        var random = new Random(5);
        var rows = new List<SampleRow>();
        for (int i = 0; i < 200; i++)
        {
            rows.Add(new SampleRow { Index = rows.Count, Label = "major", Features = [(float)(random.NextDouble() * 2), (float)random.NextDouble()] });
        }

        for (int i = 0; i < 40; i++)
        {
            float x = i < 20 ? (float)(random.NextDouble() * 2) : 10 + (float)random.NextDouble();
            rows.Add(new SampleRow { Index = rows.Count, Label = "minor", Features = [x, (float)random.NextDouble()] });
        }

        var ml = new MLContext(1);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        SampleRow[] synthetic = [.. ml.Data.CreateEnumerable<SampleRow>(ml.Transforms.OverSampleAdasyn(seed: 1).Fit(data).Resample(data), false).Skip(rows.Count)];
        int border = synthetic.Count(s => s.Features[0] < 5), interior = synthetic.Length - border;
        Assert.IsTrue(border > 5 * Math.Max(interior, 1), $"{border} new rows at the border, {interior} in the interior");
    }

    [TestMethod]
    public void InAPipelineTheSamplerChangesTrainingRowsOnlyAndScoringPassesThrough()
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        var sampler = ml.Transforms.OverSampleSmote(seed: 4);
        TransformerChain<MissingValueReplacingTransformer> model = sampler.Append(ml.Transforms.ReplaceMissingValues("Filled", "Features", MissingValueReplacingEstimator.ReplacementMode.Mean)).Fit(data);
        float[] resampled = [.. ml.Data.CreateEnumerable<SampleRow>(sampler.Fit(data).Resample(data), false).Select(r => r.Features[0])];
        Assert.AreEqual(resampled.Average(), model.LastTransformer.GetReplacementValues(0)[0], 1e-5, "the imputer after the sampler was fitted on the resampled rows");
        Assert.AreNotEqual(Rows().Average(r => r.Features[0]), model.LastTransformer.GetReplacementValues(0)[0], 1e-3);

        // Scoring data without a label: rows pass through, one output per input.
        IDataView unlabelled = ml.Data.LoadFromEnumerable(Rows().Take(7).Select(r => new FeaturesOnly { Features = r.Features }));
        Assert.AreEqual(7, ml.Data.CreateEnumerable<FeaturesOnly>(model.Transform(unlabelled), false).Count());

        ITransformer loaded = PipelineChecks.SaveAndLoad(ml, model, data);
        Assert.AreEqual(Rows().Length, ml.Data.CreateEnumerable<SampleRow>(loaded.Transform(data), false).Count());
        IDataView resampledByLoaded = ((ResamplingTransformer)((TransformerChain<ITransformer>)loaded).First()).Resample(data);
        CollectionAssert.AreEqual(resampled, ml.Data.CreateEnumerable<SampleRow>(resampledByLoaded, false).Select(r => r.Features[0]).ToArray(), "same seed, same rows");
    }

    [TestMethod]
    public void MissingValuesAreToleratedAndStayWhereTheSeedHadThem()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows();
        foreach (SampleRow r in rows.Where(r => r.Index % 4 == 0))
        {
            r.Features[r.Index % 8 == 0 ? 0 : 1] = float.NaN;
        }

        IDataView data = ml.Data.LoadFromEnumerable(rows);
        SampleRow[] output = [.. ml.Data.CreateEnumerable<SampleRow>(ml.Transforms.OverSampleSmote(seed: 2).Fit(data).Resample(data), false)];
        foreach (SampleRow s in output[rows.Length..])
        {
            for (int slot = 0; slot < 2; slot++)
            {
                Assert.AreEqual(float.IsNaN(rows[s.Index].Features[slot]), float.IsNaN(s.Features[slot]), $"slot {slot} of a row grown from row {s.Index}");
            }
        }
    }

    [TestMethod]
    public void SmoteNCCopiesCategoriesFromNeighboursInsteadOfInterpolating()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows();
        var mixed = rows.Select(r => new MixedRow { Label = r.Label, Features = [r.Features[0], r.Features[1], r.Index % 3] }).ToArray();
        IDataView data = ml.Data.LoadFromEnumerable(mixed);
        MixedRow[] output = [.. ml.Data.CreateEnumerable<MixedRow>(ml.Transforms.OverSampleSmoteNC([2], seed: 2).Fit(data).Resample(data), false)];
        Assert.IsTrue(output.Length > mixed.Length);
        Assert.IsTrue(output.All(r => r.Features[2] is 0 or 1 or 2), "categories stay codes");
    }

    [TestMethod]
    public void BadColumnsAndTooSmallClassesFailClearly()
    {
        var ml = new MLContext(1);
        IDataView data = Labelled(ml);
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.OverSampleSmote(labelColumnName: "Class").Fit(data));
        StringAssert.Contains(ex.Message, "label column 'Class' not found");
        ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.OverSampleSmote(featureColumnName: "Label").Fit(data));
        StringAssert.Contains(ex.Message, "feature column 'Label'");
        var small = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.OverSampleSmote(numberOfNeighbors: 8).Fit(data).Resample(data));
        StringAssert.Contains(small.Message, "class 'c' (8 rows)");
        StringAssert.Contains(small.Message, "numberOfNeighbors = 8");
    }

    [TestMethod]
    public void BalancedClassWeightsFollowScikitLearn()
    {
        var ml = new MLContext(1);
        bool[] labels = [.. Enumerable.Range(0, 40).Select(i => i % 4 == 0)];
        IDataView data = ml.Data.LoadFromEnumerable(labels.Select(b => new BoolRow { Label = b }));
        float[] weights = ClassWeights.Balanced(data);
        Assert.AreEqual(40 / (2 * 30.0), weights[0], 1e-6);
        Assert.AreEqual(40 / (2 * 10.0), weights[1], 1e-6);
    }

    private static SampleRow[] Rows()
    {
        double[][] x = Matrix("sampling_x");
        string[] y = Strings("sampling_y");
        return [.. x.Select((r, i) => new SampleRow { Index = i, Label = y[i], Features = [(float)r[0], (float)r[1]] })];
    }

    private static IDataView Labelled(MLContext ml) => ml.Data.LoadFromEnumerable(Rows());

    private static Dictionary<string, int> Counts(MLContext ml, IDataView data) =>
        ml.Data.CreateEnumerable<SampleRow>(data, false).GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (u, v) => (double)(u - v) * (u - v)).Sum());

    private static bool OnSegment(float[] a, float[] b, float[] p)
    {
        double length = Distance(a, b);
        return Math.Abs(Distance(a, p) + Distance(p, b) - length) < 1e-4 * Math.Max(1, length);
    }

    public sealed class SampleRow
    {
        public int Index { get; set; }

        public string Label { get; set; } = "";

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class MixedRow
    {
        public string Label { get; set; } = "";

        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }

    private sealed class FeaturesOnly
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    private sealed class BoolRow
    {
        public bool Label { get; set; }
    }
}
