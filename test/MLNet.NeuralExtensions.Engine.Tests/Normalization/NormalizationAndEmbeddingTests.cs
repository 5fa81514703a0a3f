using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Normalization;

[TestClass]
public sealed class NormalizationAndEmbeddingTests
{
    [TestMethod]
    public void BatchNormalizationGradientsMatchWhenTrainingAndScoring()
    {
        GradientCheck.Layer(new BatchNormalization(), new TensorShape(4), batch: 5, training: true);
        GradientCheck.Layer(new BatchNormalization(), new TensorShape(3, 2, 3), batch: 4, training: true);
        GradientCheck.Layer(new BatchNormalization(center: false), new TensorShape(2, 5), batch: 3, training: true);
        GradientCheck.Layer(new BatchNormalization(), new TensorShape(3, 4), batch: 3, training: false);
    }

    [TestMethod]
    public void BatchNormalizationStandardizesWhileTrainingAndTracksMovingStatistics()
    {
        var layer = new BatchNormalization(momentum: 0.9f);
        layer.Build(new TensorShape(2, 3), new Random(1));
        float[] values = GradientCheck.RandomValues(new Random(2), 4 * 6, 2, 6);
        float[] y = layer.Forward(new Tensor(new TensorShape(4, 2, 3), values), new RunContext(true, new Random(1), 1)).ToArray();
        for (int c = 0; c < 2; c++)
        {
            var channel = Enumerable.Range(0, 4).SelectMany(b => y.Skip(((b * 2) + c) * 3).Take(3)).ToArray();
            Assert.AreEqual(0, channel.Average(), 1e-5);
            var inputs = Enumerable.Range(0, 4).SelectMany(b => values.Skip(((b * 2) + c) * 3).Take(3)).ToArray();
            double mean = inputs.Average(), variance = inputs.Average(v => (v - mean) * (v - mean));
            Assert.AreEqual(variance / (variance + 1e-3), channel.Average(v => v * v), 1e-4);
            Assert.AreEqual(0.1 * mean, layer.MovingMean.Value.Span[c], 1e-5);
            Assert.AreEqual(0.9 + (0.1 * variance), layer.MovingVariance.Value.Span[c], 1e-5);
        }

        Assert.IsFalse(layer.MovingMean.IsTrainable);
        layer.IsTrainable = true;
        Assert.IsFalse(layer.MovingVariance.IsTrainable, "Moving statistics never become trainable.");
    }

    [TestMethod]
    public void LayerNormalizationGradientsMatch()
    {
        GradientCheck.Layer(new LayerNormalization(), new TensorShape(6));
        GradientCheck.Layer(new LayerNormalization(scale: false), new TensorShape(3, 5));
    }

    [TestMethod]
    public void EmbeddingLooksUpRowsAndAccumulatesTheirGradients()
    {
        float[] indices = [0, 3, 3, 1, 4, 2];
        GradientCheck.Layer(new Embedding(5, 3), new TensorShape(3), batch: 2, inputs: indices, checkInput: false);
        var layer = new Embedding(5, 2);
        layer.Build(new TensorShape(2), new Random(1));
        float[] y = layer.Forward(new Tensor(new TensorShape(1, 2), [4, 0]), RunContext.Inference()).ToArray();
        CollectionAssert.AreEqual(layer.Embeddings.Value.ToArray()[8..10].Concat(layer.Embeddings.Value.ToArray()[0..2]).ToArray(), y);
        Assert.IsTrue(layer.Embeddings.Value.ToArray().All(v => Math.Abs(v) <= 0.05f));
    }

    [TestMethod]
    public void EmbeddingRejectsIndicesOutsideItsRangeNamingThePosition()
    {
        var layer = new Embedding(5, 2);
        layer.Build(new TensorShape(3), new Random(1));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => layer.Forward(new Tensor(new TensorShape(2, 3), [0, 1, 2, 3, 5, 1]), RunContext.Inference()));
        StringAssert.Contains(ex.Message, "example 1, position 1 is 5");
        Assert.ThrowsExactly<ArgumentException>(() => layer.Forward(new Tensor(new TensorShape(1, 3), [0, 1.5f, 2]), RunContext.Inference()));
    }
}
