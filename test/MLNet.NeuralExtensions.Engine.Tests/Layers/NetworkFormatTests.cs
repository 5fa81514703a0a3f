using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Layers;

[TestClass]
public sealed class NetworkFormatTests
{
    private static Sequential ConvolutionalNetwork() => new(
        new Conv2D(4, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new BatchNormalization(), new MaxPooling2D(2),
        new Conv2D(4, (2, 1), (1, 1), (2, 1), Padding.Valid), new AveragePooling2D(2, padding: Padding.Same), new Reshape(4, -1),
        new Conv1D(3, 2, padding: Padding.Same), new MaxPooling1D(2, padding: Padding.Same), new AveragePooling1D(1),
        new GlobalMaxPooling(), new Dropout(0.1f), new Dense(3), new Activation(ActivationFunction.Softmax));

    private static Sequential RecurrentNetwork() => new(
        new Embedding(6, 4), new Lstm(5, returnSequences: true), new GaussianNoise(0.1f), new LayerNormalization(),
        new Bidirectional(new Gru(3, returnSequences: true), BidirectionalMerge.Sum), new SimpleRnn(4, ActivationFunction.ReLU, returnSequences: true),
        new GlobalAveragePooling(), new Flatten(), new Dense(2));

    [TestMethod]
    public void EveryLayerTypeRoundTripsWithIdenticalPredictions()
    {
        var random = new Random(3);
        AssertRoundTrip(ConvolutionalNetwork(), new TensorShape(1, 8, 6), 5, GradientCheck.RandomValues(random, 5 * 48));
        AssertRoundTrip(RecurrentNetwork(), new TensorShape(7), 4, [.. Enumerable.Range(0, 28).Select(_ => (float)random.Next(6))]);
    }

    [TestMethod]
    public void TheRegistryKnowsEveryLayerAndTheRoundTripCoversIt()
    {
        var covered = new HashSet<string>();
        foreach (Layer layer in ConvolutionalNetwork().Layers.Concat(RecurrentNetwork().Layers))
        {
            covered.Add(layer.TypeName);
            if (layer is Bidirectional wrapper)
            {
                covered.Add(wrapper.Forwards.TypeName);
            }
        }

        CollectionAssert.AreEquivalent(LayerRegistry.TypeNames.ToArray(), covered.ToArray());
        int concrete = typeof(Layer).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract);
        Assert.AreEqual(concrete, LayerRegistry.TypeNames.Count(), "Every concrete layer type has a registry entry.");
    }

    [TestMethod]
    public void AnUnknownLayerTypeIsRejectedByName()
    {
        var network = new Sequential(new Dense(2));
        network.Build(new TensorShape(3), seed: 1);
        byte[] bytes = Serialize(network).ToArray();
        int at = IndexOf(bytes, "Dense"u8.ToArray());
        "Evil!"u8.CopyTo(bytes.AsSpan(at));
        var ex = Assert.ThrowsExactly<FormatException>(() => NetworkFormat.Load(new BinaryReader(new MemoryStream(bytes))));
        StringAssert.Contains(ex.Message, "Unknown layer type 'Evil!'");
    }

    private static void AssertRoundTrip(Sequential network, TensorShape shape, int batch, float[] inputs)
    {
        network.Build(shape, seed: 2);
        // One training pass moves the batch-normalization statistics away from their initial values.
        network.Forward(new Tensor(shape.WithBatch(batch), inputs), new RunContext(true, new Random(1), 1));
        float[] expected = network.Predict(inputs, batch);
        using MemoryStream stream = Serialize(network);
        stream.Position = 0;
        Sequential loaded = NetworkFormat.Load(new BinaryReader(stream));
        CollectionAssert.AreEqual(network.Layers.Select(l => l.ToString()).ToArray(), loaded.Layers.Select(l => l.ToString()).ToArray());
        CollectionAssert.AreEqual(expected, loaded.Predict(inputs, batch));
    }

    private static MemoryStream Serialize(Sequential network)
    {
        var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        network.Save(writer);
        return stream;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
        => Enumerable.Range(0, haystack.Length - needle.Length).First(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
}
