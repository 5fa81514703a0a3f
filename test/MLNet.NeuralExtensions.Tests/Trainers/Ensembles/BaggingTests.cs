using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

[TestClass]
public sealed class BaggingTests
{
    [TestMethod]
    public void BaggingSamplesFeatureSlotsForEachMember()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        var model = t.Bagging(new BaggingOptions { Estimator = t.FastTree(numberOfTrees: 20), NumberOfMembers = 5, FeatureSamplingFraction = 0.5, Seed = 3 }).Fit(train);
        EnsembleBinaryModelParameters bag = model.Model;
        Assert.HasCount(5, bag.Members);
        for (int m = 0; m < 5; m++)
        {
            IReadOnlyList<int> slots = bag.GetFeatureIndices(m);
            Assert.HasCount(4, slots, $"member {m} reads int(0.5 × 9) = 4 slots");
            CollectionAssert.AllItemsAreUnique(slots.ToArray(), $"member {m}'s slots are drawn without replacement");
            CollectionAssert.AreEqual(slots.Order().ToArray(), slots.ToArray(), $"member {m}'s slots are in order");
        }

        Assert.IsGreaterThan(1, Enumerable.Range(0, 5).Select(m => string.Join(",", bag.GetFeatureIndices(m))).Distinct().Count(), "members read different slots");
        Assert.IsGreaterThanOrEqualTo(0.9, bag.OutOfBagScore!.Value, "out-of-bag accuracy");
        Assert.IsGreaterThanOrEqualTo(0.98, ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve);

        var withReplacement = t.Bagging(new BaggingOptions { Estimator = t.FastTree(numberOfTrees: 5), NumberOfMembers = 3, FeatureSamplingFraction = 1, BootstrapFeatures = true, Seed = 3 }).Fit(train).Model;
        Assert.IsTrue(Enumerable.Range(0, 3).Any(m => withReplacement.GetFeatureIndices(m).Distinct().Count() < 9), "with replacement, some slot repeats");
    }

    [TestMethod]
    [DataRow("breast-cancer")]
    [DataRow("boston-housing")]
    public void TheOutOfBagScoreIsScikitLearnsOverTheRowsEachMemberLeftOut(string dataset)
    {
        // The members' bootstrap samples, drawn again from the seed as bagging draws them (rows, then the member's seed),
        // and scikit-learn's oob_score_: accuracy of the mean probability, or R² of the mean prediction, over the members
        // that did not train on a row.
        var ml = new MLContext(1);
        var (train, _) = TrainerData.Split(ml, dataset);
        bool binary = dataset == "breast-cancer";
        var options = new BaggingOptions
        {
            Estimator = binary ? ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 10) : ml.Regression.Trainers.FastTree(numberOfTrees: 10),
            NumberOfMembers = 4,
            Seed = 11,
        };
        EnsembleModelParameters bag = binary ? ml.BinaryClassification.Trainers.Bagging(options).Fit(train).Model : ml.Regression.Trainers.Bagging(options).Fit(train).Model;

        int n = (int)train.GetRowCount()!;
        var random = new Random(11);
        var inBag = new bool[4][];
        for (int m = 0; m < 4; m++)
        {
            inBag[m] = new bool[n];
            for (int i = 0; i < n; i++)
            {
                inBag[m][random.Next(n)] = true;
            }

            random.Next();
        }

        float[][] outputs = [.. bag.Members.Select(m => TrainerData.Scores(m.Transform(train), binary ? "Probability" : "Score"))];
        double[] targets = binary ? [.. train.GetColumn<bool>("Label").Select(b => b ? 1.0 : 0)] : [.. train.GetColumn<float>("Label").Select(v => (double)v)];
        var scored = Enumerable.Range(0, n).Where(r => Enumerable.Range(0, 4).Any(m => !inBag[m][r])).ToArray();
        double[] means = [.. scored.Select(r => Enumerable.Range(0, 4).Where(m => !inBag[m][r]).Average(m => outputs[m][r]))];
        double expected;
        if (binary)
        {
            expected = scored.Select((r, i) => (means[i] > 0.5 ? 1 : 0) == targets[r] ? 1.0 : 0).Average();
        }
        else
        {
            double mean = scored.Average(r => targets[r]);
            expected = 1 - (scored.Select((r, i) => Math.Pow(targets[r] - means[i], 2)).Sum() / scored.Sum(r => Math.Pow(targets[r] - mean, 2)));
        }

        Assert.IsNotNull(bag.OutOfBagScore);
        Assert.AreEqual(expected, bag.OutOfBagScore.Value, 1e-5, $"{scored.Length} of {n} rows were left out by some member");
        Assert.IsGreaterThan(0.6, bag.OutOfBagScore.Value);
    }

    [TestMethod]
    public void OurNetworksGetANewSeedPerMemberWithoutTheirOptionsChanging()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var options = new MlpOptions { HiddenLayers = [8], Epochs = 3, Seed = 1 };
        var bag = ml.BinaryClassification.Trainers.Bagging(new BaggingOptions { Estimator = ml.BinaryClassification.Trainers.Mlp(options), NumberOfMembers = 3, Bootstrap = false }).Fit(train).Model;
        Assert.IsNull(bag.OutOfBagScore, "no row is left out without the bootstrap");
        float[][] scores = [.. bag.Members.Select(m => TrainerData.Scores(m.Transform(test)))];
        CollectionAssert.AreNotEqual(scores[0], scores[1], "members 0 and 1 were trained on the same rows with other seeds");
        CollectionAssert.AreNotEqual(scores[1], scores[2], "members 1 and 2 were trained on the same rows with other seeds");
        Assert.AreEqual(1, options.Seed, "the user's options keep their seed");
    }

    [TestMethod]
    public void CreateEstimatorHandsEachMemberItsSeedReproducibly()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        float[] Bagged(List<int> seeds) => TrainerData.Scores(t.Bagging(new BaggingOptions
        {
            CreateEstimator = seed =>
            {
                seeds.Add(seed);
                return t.LightGbm(new LightGbmBinaryTrainer.Options { Seed = seed, Booster = new GradientBooster.Options { FeatureFraction = 0.6 }, NumberOfIterations = 10, NumberOfThreads = 1 });
            },
            NumberOfMembers = 4,
            Seed = 9,
        }).Fit(train).Transform(test));

        List<int> first = [], second = [];
        float[] scores = Bagged(first);
        CollectionAssert.AllItemsAreUnique(first);
        Assert.HasCount(4, first);
        CollectionAssert.AreEqual(scores, Bagged(second), "the same seed, the same members");
        CollectionAssert.AreEqual(first, second, "the same members' seeds");
    }
}
