using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers.Ensembles;

[TestClass]
public sealed class VotingTests
{
    [TestMethod]
    public void TheTrainersOfEveryTaskMixInCollectionExpressions()
    {
        var ml = new MLContext(1);
        var t = ml.BinaryClassification.Trainers;
        EnsembleBinaryTrainer stack = t.Stacking([t.Mlp(), t.FastTree(), t.LightGbm()]);
        EnsembleBinaryTrainer vote = t.Voting([t.Mlp(new MlpOptions { HiddenLayers = [64] }), t.FastTree(), t.SdcaLogisticRegression()]);
        EnsembleBinaryTrainer bag = t.Bagging(t.FastTree(), numberOfMembers: 5);
        var m = ml.MulticlassClassification.Trainers;
        EnsembleMulticlassTrainer multiclass = m.Voting([m.Mlp(epochs: 50), m.LightGbm(), m.SdcaMaximumEntropy(), m.OneVersusAll(t.AveragedPerceptron(), useProbabilities: false)]);
        var r = ml.Regression.Trainers;
        EnsembleRegressionTrainer regression = r.Stacking([r.Mlp(), r.FastTree(), r.LightGbm(), r.Sdca()], metaLearner: r.LightGbm(), passthrough: true);
        Assert.AreEqual(3, ((StackingOptions)stack.Options).Members.Count);
        Assert.AreEqual(5, ((BaggingOptions)bag.Options).NumberOfMembers);
        Assert.AreEqual(3, ((VotingOptions)vote.Options).Members.Count);
        Assert.AreEqual(4, ((StackingOptions)regression.Options).Members.Count);

        // OneVersusAll without probabilities gives the perceptrons' raw scores, which the soft vote turns into
        // probabilities by their softmax; the others give probabilities.
        var (train, test) = TrainerData.Split(ml, "iris");
        var model = multiclass.Fit(train);
        CollectionAssert.AreEqual(new[] { MemberOutput.Score, MemberOutput.Score, MemberOutput.Score, MemberOutput.Softmax }, model.Model.MemberOutputs.ToArray());
        Assert.IsGreaterThanOrEqualTo(0.9, ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy);
    }

    [TestMethod]
    public void SoftVotingOfThreeMlpsOnSpamBeatsItsAverageMember()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "spam");
        var t = ml.BinaryClassification.Trainers;
        var model = t.Voting([.. Enumerable.Range(1, 3).Select(seed => t.Mlp(new MlpOptions { HiddenLayers = [32], Epochs = 5, Seed = seed }))]).Fit(train);
        var ensemble = ml.BinaryClassification.Evaluate(model.Transform(test));
        var members = model.Model.Members.Select(m => ml.BinaryClassification.Evaluate(m.Transform(test))).ToArray();
        string report = $"ensemble log loss {ensemble.LogLoss:F4}, accuracy {ensemble.Accuracy:F4}; members {string.Join(", ", members.Select(m => $"{m.LogLoss:F4}/{m.Accuracy:F4}"))}";
        Console.WriteLine(report);
        Assert.IsLessThanOrEqualTo(members.Average(m => m.LogLoss), ensemble.LogLoss, report);
        Assert.IsGreaterThanOrEqualTo(0.92, ensemble.Accuracy, report);
        Assert.HasCount(3, members.Select(m => m.LogLoss).Distinct(), $"the seeds make three different members: {report}");
    }

    [TestMethod]
    public void SoftVotesAreTheWeightedMeanOfProbabilitiesAndHardVotesTheWeightedShareOfLabels()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        IEstimator<ISingleFeaturePredictionTransformer<object>>[] members =
            [t.FastTree(numberOfLeaves: 2, numberOfTrees: 2), t.Mlp(new MlpOptions { HiddenLayers = [2], Epochs = 1, Seed = 3 }), t.SdcaLogisticRegression(maximumNumberOfIterations: 1)];
        float[] weights = [1, 2, 1];
        var soft = t.Voting(members, weights).Fit(train);
        var hard = t.Voting(members, weights, VotingKind.Hard).Fit(train);
        CollectionAssert.AreEqual(new[] { 0.25f, 0.5f, 0.25f }, soft.Model.Weights.ToArray(), "weights are scaled to sum to 1");

        float[][] probabilities = [.. soft.Model.Members.Select(m => TrainerData.Scores(m.Transform(test), "Probability"))];
        float[] softProbability = TrainerData.Scores(soft.Transform(test), "Probability"), softScore = TrainerData.Scores(soft.Transform(test));
        bool[][] labels = [.. hard.Model.Members.Select(m => m.Transform(test).GetColumn<bool>("PredictedLabel").ToArray())];
        float[] hardProbability = TrainerData.Scores(hard.Transform(test), "Probability");
        bool[] hardLabel = [.. hard.Transform(test).GetColumn<bool>("PredictedLabel")];
        bool split = false;
        for (int i = 0; i < softProbability.Length; i++)
        {
            double mean = Math.Clamp((0.25 * probabilities[0][i]) + (0.5 * probabilities[1][i]) + (0.25 * probabilities[2][i]), 1e-7, 1 - 1e-7);
            Assert.AreEqual(mean, softProbability[i], 1e-6, $"row {i}: the soft probability is the weighted mean");
            Assert.AreEqual(Math.Log(mean / (1 - mean)), softScore[i], 1e-4, $"row {i}: the score is its logit");
            double share = (labels[0][i] ? 0.25 : 0) + (labels[1][i] ? 0.5 : 0) + (labels[2][i] ? 0.25 : 0);
            Assert.AreEqual(Math.Clamp(share, 1e-7, 1 - 1e-7), hardProbability[i], 1e-6, $"row {i}: the hard probability is the weighted share of the votes");
            Assert.AreEqual(share > 0.5, hardLabel[i], $"row {i}: the label is the majority's, a tie negative");
            split |= share is > 0 and < 1;
        }

        Assert.IsTrue(split, "some rows split the members, so the votes are counted");
    }

    [TestMethod]
    public void AMemberWithoutAProbabilityIsCalibratedByMLNetsPlattOnItsTrainingRows()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var t = ml.BinaryClassification.Trainers;
        var perceptron = new AveragedPerceptronTrainer.Options { Shuffle = false, NumberOfIterations = 3 };
        var model = t.Voting([t.AveragedPerceptron(perceptron), t.FastTree(numberOfTrees: 10)]).Fit(train);

        // ML.NET's own Platt calibrator, fitted on the same (deterministic) perceptron's scores of the training rows.
        ITransformer alone = t.AveragedPerceptron(perceptron).Fit(train);
        ITransformer platt = ml.BinaryClassification.Calibrators.Platt().Fit(alone.Transform(train));
        float[] expected = TrainerData.Scores(platt.Transform(alone.Transform(test)), "Probability");
        float[] member = TrainerData.Scores(model.Model.Members[0].Transform(test), "Probability");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], member[i], 1e-5, $"row {i}: the calibrated member's probability is ML.NET's Platt's");
        }

        float[] trees = TrainerData.Scores(model.Model.Members[1].Transform(test), "Probability");
        float[] ensemble = TrainerData.Scores(model.Transform(test), "Probability");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(Math.Clamp((member[i] + trees[i]) / 2, 1e-7f, 1 - 1e-7f), ensemble[i], 1e-6, $"row {i}: the ensemble averages the calibrated probability");
        }

        // Stacking takes the perceptron's raw Score instead, as scikit-learn's stack_method="auto" takes decision_function.
        var stacked = t.Stacking([t.AveragedPerceptron(perceptron), t.FastTree(numberOfTrees: 10)], numberOfFolds: 3).Fit(train);
        CollectionAssert.AreEqual(new[] { MemberOutput.Score, MemberOutput.Probability }, stacked.Model.MemberOutputs.ToArray());
        Assert.IsNull(stacked.Model.Members[0].Transform(test).Schema.GetColumnOrNull("Probability"), "the stacked perceptron is not calibrated");
    }

    [TestMethod]
    public void MulticlassRawScoresAreTurnedIntoProbabilitiesByTheirSoftmax()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "iris");
        var m = ml.MulticlassClassification.Trainers;
        var model = m.Voting([m.SdcaNonCalibrated(), m.LbfgsMaximumEntropy()]).Fit(train);
        CollectionAssert.AreEqual(new[] { MemberOutput.Softmax, MemberOutput.Score }, model.Model.MemberOutputs.ToArray());
        float[][] raw = [.. model.Model.Members[0].Transform(test).GetColumn<float[]>("Score")];
        float[][] probabilities = [.. model.Model.Members[1].Transform(test).GetColumn<float[]>("Score")];
        float[][] ensemble = [.. model.Transform(test).GetColumn<float[]>("Score")];
        for (int i = 0; i < ensemble.Length; i++)
        {
            float[] softmax = new float[3];
            TensorPrimitives.SoftMax(raw[i], softmax);
            for (int c = 0; c < 3; c++)
            {
                Assert.AreEqual((softmax[c] + probabilities[i][c]) / 2, ensemble[i][c], 1e-5, $"row {i}, class {c}");
            }
        }
    }

    [TestMethod]
    public void RegressionVotingIsTheWeightedMeanOfThePredictions()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "boston-housing");
        var r = ml.Regression.Trainers;
        var model = r.Voting([r.FastTree(numberOfTrees: 20), r.Sdca(), EnsembleCases.Mlp(ml, "regression", hidden: [8])], [3, 1, 1]).Fit(train);
        float[][] predictions = [.. model.Model.Members.Select(member => TrainerData.Scores(member.Transform(test)))];
        float[] ensemble = TrainerData.Scores(model.Transform(test));
        for (int i = 0; i < ensemble.Length; i++)
        {
            Assert.AreEqual((0.6 * predictions[0][i]) + (0.2 * predictions[1][i]) + (0.2 * predictions[2][i]), ensemble[i], 1e-4, $"row {i}");
        }

        var metrics = ml.Regression.Evaluate(model.Transform(test));
        Assert.IsGreaterThanOrEqualTo(0.75, metrics.RSquared, $"R² {metrics.RSquared:F3}");
    }
}
