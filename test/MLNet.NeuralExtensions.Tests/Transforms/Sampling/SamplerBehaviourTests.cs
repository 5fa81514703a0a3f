using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Transforms;
using static MLNet.NeuralExtensions.Tests.Transforms.Sampling.SamplingData;

namespace MLNet.NeuralExtensions.Tests.Transforms.Sampling;

/// <summary>What the samplers' rows hold: synthetic rows between a seed and its neighbours, the other columns copied
/// from the seed, labels of every type ML.NET's classifiers take, reproducible seeds.</summary>
[TestClass]
public sealed class SamplerBehaviourTests
{
    private const int K = 5;

    [TestMethod]
    [DataRow("smote")]
    [DataRow("borderline1")]
    [DataRow("adasyn")]
    public void EverySyntheticRowLiesOnASegmentToOneOfItsSeedsKNeighboursOfItsClass(string sampler)
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows("three");
        IDataView data = Load(ml, rows);
        ResamplingEstimator estimator = sampler switch
        {
            "smote" => ml.Transforms.OverSampleSmote(numberOfNeighbors: K, seed: 3),
            "borderline1" => ml.Transforms.OverSampleBorderlineSmote(numberOfNeighbors: K, seed: 3),
            _ => ml.Transforms.OverSampleAdasyn(numberOfNeighbors: K, seed: 3),
        };
        SampleRow[] output = Read(ml, estimator.Fit(data).Resample(data));
        SampleRow[] synthetic = Synthetic(rows, output);
        Assert.AreEqual(output.Length - rows.Length, synthetic.Length, "every row beyond the source's is synthetic");
        foreach (SampleRow s in synthetic)
        {
            SampleRow seed = rows[s.Id];
            Assert.AreEqual(seed.Label, s.Label, "a synthetic row has its seed's class");
            Assert.IsTrue(Nearest(rows, seed, r => r.Label == seed.Label, K).Any(n => OnSegment(seed.Features, n.Features, s.Features, 1)),
                $"({s.Features[0]}, {s.Features[1]}) is not between row {seed.Id} and one of its {K} neighbours of class {seed.Label}");
            if (sampler == "borderline1")
            {
                int others = Nearest(rows, seed, _ => true, 10).Count(n => n.Label != seed.Label);
                Assert.IsTrue(others is >= 5 and < 10, $"row {seed.Id} seeds rows but has {others} of 10 neighbours of other classes: it is not in danger");
            }
        }
    }

    [TestMethod]
    public void BorderlineSmote2GrowsPartTowardsOtherClassesInTheHalfNearerTheSeed()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows("three");
        IDataView data = Load(ml, rows);
        SampleRow[] synthetic = Synthetic(rows, Read(ml, ml.Transforms.OverSampleBorderlineSmote(kind: BorderlineSmoteKind.Borderline2, seed: 3).Fit(data).Resample(data)));
        int towardsOthers = 0;
        foreach (SampleRow s in synthetic)
        {
            SampleRow seed = rows[s.Id];
            bool own = Nearest(rows, seed, r => r.Label == seed.Label, K).Any(n => OnSegment(seed.Features, n.Features, s.Features, 1));
            bool other = Nearest(rows, seed, r => r.Label != seed.Label, K).Any(n => OnSegment(seed.Features, n.Features, s.Features, 0.5));
            Assert.IsTrue(own || other, $"row ({s.Features[0]}, {s.Features[1]}) grown from row {seed.Id} lies on no allowed segment");
            towardsOthers += own ? 0 : 1;
        }

        Assert.IsTrue(towardsOthers > synthetic.Length / 10 && towardsOthers < synthetic.Length * 9 / 10, $"{towardsOthers} of {synthetic.Length} rows towards other classes, for a Beta(10, 10) share");
    }

    [TestMethod]
    public void SmoteNCTakesTheCategoryMostFrequentAmongImbalancedLearnsNeighbours()
    {
        var ml = new MLContext(1);
        float[] codes = [.. Golden("three_codes").EnumerateArray().Select(e => (float)e.GetDouble())];
        SampleRow[] rows = [.. Rows("three").Select(r => new SampleRow { Id = r.Id, Label = r.Label, Features = [.. r.Features, codes[r.Id]] })];
        IDataView data = Load(ml, rows);
        SampleRow[] synthetic = Synthetic(rows, Read(ml, ml.Transforms.OverSampleSmoteNC([2], seed: 5).Fit(data).Resample(data)));
        Assert.IsTrue(synthetic.Length > 60);
        foreach (SampleRow s in synthetic)
        {
            int[] neighbours = [.. Golden("three_smotenc_neighbours", s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).EnumerateArray().Select(e => e.GetInt32())];
            SampleRow seed = rows[s.Id];
            Assert.IsTrue(neighbours.Any(n => OnSegment(seed.Features[..2], rows[n].Features[..2], s.Features[..2], 1)),
                $"the numeric slots of a row grown from row {seed.Id} are not between it and one of imbalanced-learn's SMOTE-NC neighbours [{string.Join(", ", neighbours)}]");
            var votes = neighbours.GroupBy(n => rows[n].Features[2]).Select(g => (Code: g.Key, Count: g.Count())).ToArray();
            float[] modes = [.. votes.Where(v => v.Count == votes.Max(w => w.Count)).Select(v => v.Code)];
            CollectionAssert.Contains(modes, s.Features[2], $"the category of a row grown from row {seed.Id}");
        }
    }

    [TestMethod]
    public void SyntheticRowsCopyEveryOtherColumnFromTheirSeedAndKeepTheSchema()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows("three");
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Class", "Label")
            .Append(ml.Transforms.CustomMapping<SampleRow, Extra>((r, e) => { e.Weight = r.Id / 10f; e.Note = $"row {r.Id}"; }, contractName: null))
            .Fit(Load(ml, rows)).Transform(Load(ml, rows));
        IDataView resampled = ml.Transforms.OverSampleSmote(labelColumnName: "Class", seed: 2).Fit(data).Resample(data);
        Assert.AreSame(data.Schema, resampled.Schema);
        var output = ml.Data.CreateEnumerable<WithExtra>(resampled, reuseRowObject: false).ToArray();
        Assert.AreEqual(180, output.Length);
        foreach (WithExtra r in output)
        {
            Assert.AreEqual(rows[r.Id].Label, r.Label);
            Assert.AreEqual(r.Id / 10f, r.Weight);
            Assert.AreEqual($"row {r.Id}", r.Note);
        }

        Assert.AreEqual(output.Length - rows.Length, output.Count(r => !r.Features.SequenceEqual(rows[r.Id].Features)), "only the features of synthetic rows are new");
    }

    [TestMethod]
    public void BooleanKeyNumericAndTextLabelsGiveTheSameClasses()
    {
        var ml = new MLContext(1);
        IDataView text = Load(ml, Rows("three"));
        Dictionary<string, int> expected = GoldenCounts("three_over", "smote", "counts");
        var byName = SamplingStrategy.Counts(new Dictionary<string, int> { ["b"] = 40, ["c"] = 30 });

        IDataView key = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(text).Transform(text);
        CollectionAssert.AreEquivalent(expected, ClassCounts(ml.Transforms.OverSampleSmote(strategy: byName).Fit(key).Resample(key)), "key label named by its text values");
        var byKey = SamplingStrategy.Counts(new Dictionary<uint, int> { [2] = 40, [3] = 30 });
        CollectionAssert.AreEquivalent(expected, ClassCounts(ml.Transforms.OverSampleSmote(strategy: byKey).Fit(key).Resample(key)), "key label named by its raw keys");

        IDataView number = ml.Transforms.Conversion.MapValue("Label", new[] { Pair("a", 1f), Pair("b", 2f), Pair("c", 3f) }, "Label").Fit(text).Transform(text);
        var byNumber = SamplingStrategy.Counts(new Dictionary<int, int> { [2] = 40, [3] = 30 });
        CollectionAssert.AreEquivalent(new Dictionary<string, int> { ["1"] = 60, ["2"] = 40, ["3"] = 30 }, ClassCounts(ml.Transforms.OverSampleSmote(strategy: byNumber).Fit(number).Resample(number)), "Single label");

        IDataView boolean = Load(ml, Rows("overlap"));
        boolean = ml.Transforms.Conversion.MapValue("Label", new[] { Pair("False", false), Pair("True", true) }, "Label").Fit(boolean).Transform(boolean);
        CollectionAssert.AreEquivalent(new Dictionary<string, int> { ["False"] = 225, ["True"] = 225 }, ClassCounts(ml.Transforms.OverSampleSmote().Fit(boolean).Resample(boolean)), "Boolean label");
        IEnumerable<int> kept = ml.Transforms.RemoveTomekLinks(strategy: SamplingStrategy.Classes(false)).Fit(boolean).Resample(boolean).GetColumn<int>("Id");
        CollectionAssert.AreEqual(GoldenRows("overlap_tomek_removed", "auto"), Enumerable.Range(0, 300).Except(kept).ToArray(), "Boolean label, class named by bool");
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameRowsAndTheMLContextsSeedIsTakenWhenNoneIsGiven()
    {
        SampleRow[] rows = Rows("three");
        float[] Run(MLContext ml, int? seed)
        {
            IDataView data = Load(ml, rows);
            return [.. Read(ml, ml.Transforms.OverSampleSmote(seed: seed).Fit(data).Resample(data)).SelectMany(r => r.Features)];
        }

        CollectionAssert.AreEqual(Run(new MLContext(1), 7), Run(new MLContext(2), 7), "an explicit seed decides alone");
        CollectionAssert.AreNotEqual(Run(new MLContext(1), 7), Run(new MLContext(1), 8), "another seed, other rows");
        CollectionAssert.AreEqual(Run(new MLContext(5), null), Run(new MLContext(5), null), "the MLContext's seed");
        CollectionAssert.AreNotEqual(Run(new MLContext(5), null), Run(new MLContext(6), null), "another MLContext seed, other rows");

        var ml = new MLContext(1);
        IDataView data = Load(ml, rows);
        ResamplingTransformer sampler = ml.Transforms.OverSampleAdasyn().Fit(data);
        CollectionAssert.AreEqual(Read(ml, sampler.Resample(data)).SelectMany(r => r.Features).ToArray(), Read(ml, sampler.Resample(data)).SelectMany(r => r.Features).ToArray(), "resampling twice");
    }

    [TestMethod]
    public void RepeatedRowsFollowTheirSourceAndEveryCursorReadsTheSameRows()
    {
        var ml = new MLContext(1);
        SampleRow[] rows = Rows("three");
        IDataView data = Load(ml, rows);
        IDataView over = ml.Transforms.OverSampleRandomly(seed: 1).Fit(data).Resample(data);
        SampleRow[] first = Read(ml, over), second = Read(ml, over);
        CollectionAssert.AreEqual(first.Select(r => r.Id).ToArray(), second.Select(r => r.Id).ToArray());
        CollectionAssert.AreEqual(first.Select(r => r.Id).Order().ToArray(), first.Select(r => r.Id).ToArray(), "each repeat follows its source row");
        CollectionAssert.AreEqual(Enumerable.Range(0, rows.Length).ToArray(), first.Select(r => r.Id).Distinct().ToArray(), "every source row is kept");
        Assert.IsTrue(first.All(r => r.Features.SequenceEqual(rows[r.Id].Features)), "repeats are copies");

        // Row ids stay unique across repeats, as ML.NET's cursors require.
        using DataViewRowCursor cursor = over.GetRowCursor([]);
        ValueGetter<DataViewRowId> id = cursor.GetIdGetter();
        var ids = new HashSet<DataViewRowId>();
        DataViewRowId value = default;
        while (cursor.MoveNext())
        {
            id(ref value);
            Assert.IsTrue(ids.Add(value), $"row {cursor.Position} repeats an id");
        }

        Assert.AreEqual(first.Length, ids.Count);
    }

    [TestMethod]
    public void BalancedClassWeightsFollowScikitLearn()
    {
        // scikit-learn's compute_class_weight("balanced"): n / (classes × n_c).
        var ml = new MLContext(1);
        IDataView boolean = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new BoolLabel { Label = i % 4 == 0 }));
        CollectionAssert.AreEqual(new[] { (float)(40 / (2 * 30.0)), (float)(40 / (2 * 10.0)) }, ClassWeights.Balanced(boolean));

        IDataView text = Load(ml, Rows("three"));
        IDataView key = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(text).Transform(text);
        CollectionAssert.AreEqual(new[] { (float)(93 / (3 * 60.0)), (float)(93 / (3 * 24.0)), (float)(93 / (3 * 9.0)) }, ClassWeights.Balanced(key));

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ClassWeights.Balanced(text));
        StringAssert.Contains(error.Message, "label column 'Label'");
        StringAssert.Contains(error.Message, "Boolean or a key");
    }

    internal static IEnumerable<SampleRow> Nearest(SampleRow[] rows, SampleRow seed, Func<SampleRow, bool> among, int k) =>
        rows.Where(r => r.Id != seed.Id && among(r)).OrderBy(r => Distance(r.Features, seed.Features)).Take(k);

    /// <summary>Whether <paramref name="p"/> lies on the segment from <paramref name="a"/> towards <paramref name="b"/>,
    /// within the first <paramref name="share"/> of it.</summary>
    internal static bool OnSegment(float[] a, float[] b, float[] p, double share)
    {
        double length = Distance(a, b), fromSeed = Distance(a, p);
        return Math.Abs(fromSeed + Distance(p, b) - length) < 1e-4 * Math.Max(1, length) && fromSeed <= (share * length) + 1e-5;
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (u, v) => (double)(u - v) * (u - v)).Sum());

    private static KeyValuePair<string, T> Pair<T>(string key, T value) => new(key, value);

    public sealed class Extra
    {
        public float Weight { get; set; }

        public string Note { get; set; } = "";
    }

    public sealed class WithExtra
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";

        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Weight { get; set; }

        public string Note { get; set; } = "";
    }

    private sealed class BoolLabel
    {
        public bool Label { get; set; }
    }
}
