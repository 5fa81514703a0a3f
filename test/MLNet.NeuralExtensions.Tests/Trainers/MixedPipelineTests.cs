using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

/// <summary>Our networks in pipelines of ML.NET's own text and categorical transforms, beside ML.NET's LightGbm.</summary>
[TestClass]
public sealed class MixedPipelineTests
{
    private static readonly string[] s_good = ["great", "excellent", "love", "perfect", "happy", "recommend"];
    private static readonly string[] s_bad = ["broken", "terrible", "refund", "awful", "disappointed", "never"];
    private static readonly string[] s_neutral = ["the", "box", "arrived", "colour", "it", "was", "size", "and", "order", "a"];

    [TestMethod]
    public void TextAndCategoriesThroughMLNetsTransformsIntoAnMlpAndLightGbm()
    {
        var ml = new MLContext(1);
        Review[] reviews = Reviews(800, seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(reviews);
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.25, seed: 1);
        var features = ml.Transforms.Text.FeaturizeText("TextFeatures", "Text")
            .Append(ml.Transforms.Categorical.OneHotEncoding("ChannelVector", "Channel"))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "ChannelVector", "Stars"))
            .Append(ml.Transforms.NormalizeMinMax("Features"));
        var mlp = features.Append(ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [32], Epochs = 15, Seed = 1 })).Fit(split.TrainSet);
        var lightGbm = features.Append(ml.BinaryClassification.Trainers.LightGbm(numberOfLeaves: 8, numberOfIterations: 50)).Fit(split.TrainSet);
        var ours = ml.BinaryClassification.Evaluate(mlp.Transform(split.TestSet));
        var trees = ml.BinaryClassification.Evaluate(lightGbm.Transform(split.TestSet));
        Assert.IsGreaterThan(0.9, ours.AreaUnderRocCurve, $"Mlp AUC {ours.AreaUnderRocCurve:F3} (LightGbm {trees.AreaUnderRocCurve:F3})");
        Assert.IsGreaterThan(0.9, trees.AreaUnderRocCurve, $"LightGbm AUC {trees.AreaUnderRocCurve:F3}");

        // The whole pipeline, ML.NET's text featurizer included, is saved and scores the same in another process.
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, mlp, split.TestSet, files);
        CollectionAssert.AreEqual(mlp.Transform(split.TestSet).GetColumn<float>("Probability").ToArray(), child.GetColumn<float>("Probability").ToArray());

        // A prediction engine over the raw review.
        var engine = ml.Model.CreatePredictionEngine<Review, Verdict>(mlp);
        Assert.IsTrue(engine.Predict(new Review { Text = "excellent love it recommend", Channel = "web", Stars = 5 }).PredictedLabel);
        Assert.IsFalse(engine.Predict(new Review { Text = "broken terrible refund", Channel = "shop", Stars = 1 }).PredictedLabel);
    }

    // Reviews whose label follows their words and stars, with noise: the channel carries no signal.
    private static Review[] Reviews(int count, int seed)
    {
        var random = new Random(seed);
        string[] channels = ["web", "shop", "phone"];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            bool positive = random.NextDouble() < 0.5;
            string[] tone = positive ? s_good : s_bad;
            var words = Enumerable.Range(0, 8).Select(_ => random.NextDouble() < 0.3 ? tone[random.Next(tone.Length)] : s_neutral[random.Next(s_neutral.Length)]).ToList();
            if (random.NextDouble() < 0.1)
            {
                words.Add((positive ? s_bad : s_good)[random.Next(6)]);
            }

            float stars = positive ? random.Next(3, 6) : random.Next(1, 4);
            return new Review { Text = string.Join(' ', words), Channel = channels[random.Next(3)], Stars = stars, Label = positive };
        })];
    }

    private sealed class Review
    {
        public string Text { get; set; } = "";

        public string Channel { get; set; } = "";

        public float Stars { get; set; }

        public bool Label { get; set; }
    }

    private sealed class Verdict
    {
        public bool PredictedLabel { get; set; }
    }
}
