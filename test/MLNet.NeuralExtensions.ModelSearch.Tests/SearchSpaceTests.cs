namespace MLNet.NeuralExtensions.ModelSearch.Tests;

[TestClass]
public sealed class SearchSpaceTests
{
    [TestMethod]
    public void EachFamilysDefaultsComeFirstThenRandomPoints()
    {
        var space = new SearchSpace(ModelSearchTask.BinaryClassification, imbalanced: false, clusters: 0, features: 8, seed: 1);
        TrialCandidate[] defaults = [.. space.Defaults()];
        CollectionAssert.AreEqual(new[] { TrainerFamily.Linear, TrainerFamily.Mlp, TrainerFamily.FastTree, TrainerFamily.LightGbm }, defaults.Select(c => c.Family).ToArray());
        Assert.IsTrue(defaults.All(c => c.Description == "defaults"));
        TrialCandidate[] drawn = [.. Enumerable.Range(0, 200).Select(_ => space.Sample())];
        CollectionAssert.AreEquivalent(defaults.Select(c => c.Family).ToArray(), drawn.Select(c => c.Family).Distinct().ToArray());
        string[] networks = [.. drawn.Where(c => c.Family == TrainerFamily.Mlp).Select(c => c.Description)];
        Assert.AreEqual(networks.Length, networks.Distinct().Count(), "random points, not a fixed list");
        Assert.IsTrue(drawn.All(c => c.Imbalance == ImbalanceTreatment.None));
        float[] rates = [.. drawn.Where(c => c.Family == TrainerFamily.Mlp).Select(c => Value(c, "LearningRate"))];
        Assert.IsTrue(rates.All(r => r is >= 3e-4f and <= 1e-2f), "the network's learning rate is drawn log-uniformly in [3e-4, 1e-2]");
    }

    [TestMethod]
    public void RareClassesAddClassWeightsAndSmoteForTheNetworkAndTheTrees()
    {
        var space = new SearchSpace(ModelSearchTask.MulticlassClassification, imbalanced: true, clusters: 0, features: 8, seed: 2);
        TrialCandidate[] drawn = [.. Enumerable.Range(0, 300).Select(_ => space.Sample())];
        foreach (TrainerFamily family in new[] { TrainerFamily.Mlp, TrainerFamily.FastTree, TrainerFamily.LightGbm })
        {
            CollectionAssert.AreEquivalent(Enum.GetValues<ImbalanceTreatment>(), drawn.Where(c => c.Family == family).Select(c => c.Imbalance).Distinct().ToArray(), $"{family}");
        }
        Assert.IsTrue(drawn.Where(c => c.Family == TrainerFamily.Linear).All(c => c.Imbalance == ImbalanceTreatment.None), "the linear trainers take no class weights");
    }

    [TestMethod]
    public void UnsupervisedTasksRaceTheirOwnFamilies()
    {
        var anomaly = new SearchSpace(ModelSearchTask.AnomalyDetection, imbalanced: false, clusters: 0, features: 3, seed: 1);
        CollectionAssert.AreEqual(new[] { TrainerFamily.RandomizedPca, TrainerFamily.Autoencoder }, anomaly.Families.ToArray());
        var clustering = new SearchSpace(ModelSearchTask.Clustering, imbalanced: false, clusters: 4, features: 3, seed: 1);
        Assert.IsTrue(Enumerable.Range(0, 50).Select(_ => clustering.Sample()).All(c => !c.Settings.Contains("NumberOfClusters", StringComparison.Ordinal)),
            "with a label the number of clusters is its class count, not searched");
    }

    private static float Value(TrialCandidate candidate, string name)
    {
        string pair = candidate.Settings.Split(", ").Single(p => p.StartsWith(name + "=", StringComparison.Ordinal));
        return float.Parse(pair[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
