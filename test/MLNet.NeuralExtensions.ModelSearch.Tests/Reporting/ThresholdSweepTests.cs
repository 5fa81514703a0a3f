using MLNet.NeuralExtensions.ModelSearch.Reporting;

namespace MLNet.NeuralExtensions.ModelSearch.Tests.Reporting;

[TestClass]
public sealed class ThresholdSweepTests
{
    [TestMethod]
    public void TiedScoresMakeOnePointAndTheAreaCountsThemHalf()
    {
        (CurvePoints roc, CurvePoints pr) = ThresholdSweep.Curves([0.9f, 0.8f, 0.8f, 0.1f, float.NaN], [true, true, false, false, true])!.Value;

        CollectionAssert.AreEqual(new[] { 0, 0, 0.5, 1 }, roc.X.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 0.5, 1, 1 }, roc.Y.ToArray());
        Assert.AreEqual(3.5 / 4, roc.Area(), 1e-12, "Mann–Whitney: 3 pairs ordered, 1 tied, of 4.");
        CollectionAssert.AreEqual(new[] { 0.5, 1, 1 }, pr.X.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2 / 3.0, 0.5 }, pr.Y.ToArray());
    }

    [TestMethod]
    public void ManyThresholdsAreThinnedKeepingBothEnds()
    {
        var random = new Random(3);
        float[] scores = [.. Enumerable.Range(0, 5000).Select(_ => (float)random.NextDouble())];
        bool[] labels = [.. scores.Select(s => random.NextDouble() < s)];

        (CurvePoints roc, CurvePoints pr) = ThresholdSweep.Curves(scores, labels)!.Value;

        Assert.HasCount(ThresholdSweep.MostPoints, roc.X);
        Assert.HasCount(ThresholdSweep.MostPoints, pr.Y);
        Assert.AreEqual((0.0, 0.0), (roc.X[0], roc.Y[0]));
        Assert.AreEqual((1.0, 1.0), (roc.X[^1], roc.Y[^1]));
        double exact = Enumerable.Range(0, scores.Length).Where(i => labels[i]).Sum(i => Enumerable.Range(0, scores.Length).Count(j => !labels[j] && scores[j] < scores[i]))
            / (double)(labels.Count(l => l) * labels.Count(l => !l));
        Assert.AreEqual(exact, roc.Area(), 1e-3);
    }

    [TestMethod]
    public void OneClassOnlyHasNoCurvesAndUnequalListsAreRefused()
    {
        Assert.IsNull(ThresholdSweep.Curves([0.1f, 0.2f, float.NaN], [true, true, false]));
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => ThresholdSweep.Curves([0.1f], [true, false]));
        StringAssert.Contains(e.Message, "1 scores were given for 2 labels");
    }
}
