using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Evaluation;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Evaluation;

/// <summary>Attacks on the networks of ML.NET pipelines: clean accuracy as ML.NET's evaluators give it, attacked accuracy
/// below it, adversarial training through the trainers' options, and models an attack cannot run on.</summary>
[TestClass]
public sealed class RobustnessEvaluationTests
{
    [TestMethod]
    public void DigitsUnderFgsmAndPgdAfterMinMaxScaling()
    {
        var ml = new MLContext(1);
        var (train, test) = Digits(ml);
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [64], Epochs = 30, Seed = 1, ValidationFraction = 0f, EarlyStopping = null }));
        ITransformer model = pipeline.Fit(train);
        double micro = ml.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;

        RobustnessMetrics fgsm = ml.MulticlassClassification.EvaluateUnderAttack(model, test, new AdversarialAttack(0.1f, 0.1f, 1) { ClipMinimum = 0f, ClipMaximum = 1f });
        RobustnessMetrics pgd = ml.MulticlassClassification.EvaluateUnderAttack(model, test,
            new AdversarialAttack(0.1f, 0.025f, 10, randomStart: true, seed: 1) { ClipMinimum = 0f, ClipMaximum = 1f });
        Assert.AreEqual(micro, fgsm.Accuracy, 1e-9, "clean accuracy is ML.NET's micro-accuracy");
        Assert.AreEqual((0.1f, AttackNorm.LInfinity, test.GetColumn<uint>("Label").Count()), (fgsm.Epsilon, fgsm.Norm, fgsm.Rows));
        Assert.IsLessThan(fgsm.Accuracy - 0.1, fgsm.AttackedAccuracy, $"FGSM at 0.1: {fgsm.AttackedAccuracy:F3} against {fgsm.Accuracy:F3} clean");
        Assert.IsLessThanOrEqualTo(fgsm.AttackedAccuracy, pgd.AttackedAccuracy, $"PGD {pgd.AttackedAccuracy:F3}, FGSM {fgsm.AttackedAccuracy:F3}");
    }

    [TestMethod]
    public void AdversarialTrainingThroughTheOptionsRaisesAttackedAccuracy()
    {
        var ml = new MLContext(1);
        var (train, test) = Digits(ml);
        MlpOptions Options(AdversarialTraining? adversarial) => new() { HiddenLayers = [64], Epochs = 30, Seed = 1, ValidationFraction = 0f, EarlyStopping = null, AdversarialTraining = adversarial };
        AdversarialAttack Pgd(int seed) => new(0.1f, 0.025f, 5, randomStart: true, seed: seed) { ClipMinimum = 0f, ClipMaximum = 1f };
        var scale = ml.Transforms.NormalizeMinMax("Features");
        ITransformer clean = scale.Append(ml.MulticlassClassification.Trainers.Mlp(Options(null))).Fit(train);
        ITransformer robust = scale.Append(ml.MulticlassClassification.Trainers.Mlp(Options(new AdversarialTraining(Pgd(1))))).Fit(train);
        RobustnessMetrics before = ml.MulticlassClassification.EvaluateUnderAttack(clean, test, Pgd(7));
        RobustnessMetrics after = ml.MulticlassClassification.EvaluateUnderAttack(robust, test, Pgd(7));
        Assert.IsGreaterThan(before.AttackedAccuracy + 0.1, after.AttackedAccuracy, $"attacked accuracy {before.AttackedAccuracy:F3} -> {after.AttackedAccuracy:F3}");
        Assert.IsGreaterThan(0.9, after.Accuracy, $"clean accuracy after adversarial training {after.Accuracy:F3}");
    }

    [TestMethod]
    public void BinaryCleanAccuracyIsMLNetsAndAttacksLowerIt()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var model = ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [16], Epochs = 20, Seed = 1 }).Fit(train);
        RobustnessMetrics metrics = ml.BinaryClassification.EvaluateUnderAttack(model, test, AdversarialAttack.ProjectedGradientDescent(0.5f, 0.1f, 10, seed: 1));
        Assert.AreEqual(ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy, metrics.Accuracy, 1e-9);
        Assert.IsLessThan(metrics.Accuracy, metrics.AttackedAccuracy, $"attacked {metrics.AttackedAccuracy:F3}, clean {metrics.Accuracy:F3}");
    }

    [TestMethod]
    public void ATreeModelIsRefusedWithTheModelAgnosticAlternative()
    {
        var ml = new MLContext(1);
        var (train, test) = TrainerData.Split(ml, "breast-cancer");
        var trees = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5).Fit(train);
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.BinaryClassification.EvaluateUnderAttack(trees, test, AdversarialAttack.FastGradientSign(0.1f)));
        StringAssert.Contains(error.Message, "Kernel SHAP");

        var (digitsTrain, digitsTest) = Digits(ml);
        ITransformer network = ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 1, Seed = 1 }).Fit(digitsTrain);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.EvaluateUnderAttack(network, digitsTest, AdversarialAttack.FastGradientSign(0.1f), "Class")).Message, "Column 'Class'");
    }

    // Digits 8×8 with a key label, 80/20; pixel values 0-16 as they come.
    private static (IDataView Train, IDataView Test) Digits(MLContext ml)
    {
        var split = ml.Data.TrainTestSplit(TrainerData.Raw(ml, "digits"), testFraction: 0.2, seed: 1);
        ITransformer label = ml.Transforms.Conversion.MapValueToKey("Label", "Raw").Fit(split.TrainSet);
        return (ml.Data.Cache(label.Transform(split.TrainSet)), ml.Data.Cache(label.Transform(split.TestSet)));
    }
}
