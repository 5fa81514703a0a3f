using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Training;

[TestClass]
public sealed class AllocationTests
{
    public static IEnumerable<object[]> Networks() =>
    [
        ["mlp", new TensorShape(20), (Func<Sequential>)(() => new Sequential(new Dense(64, ActivationFunction.ReLU), new Dropout(0.1f), new Dense(32, ActivationFunction.Tanh), new Dense(3)))],
        ["cnn", new TensorShape(2, 12, 12), (Func<Sequential>)(() => new Sequential(
            new Conv2D(8, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new BatchNormalization(), new MaxPooling2D(2),
            new Conv2D(8, 3), new AveragePooling2D(2), new GlobalMaxPooling(), new Dense(3)))],
        ["rnn", new TensorShape(6, 4), (Func<Sequential>)(() => new Sequential(
            new Lstm(8, returnSequences: true), new LayerNormalization(), new Bidirectional(new Gru(4, returnSequences: true)), new SimpleRnn(4), new Dense(3)))],
    ];

    [TestMethod]
    [DynamicData(nameof(Networks))]
    public void TrainingStepsAllocateNothingOnceWarm(string name, TensorShape example, Func<Sequential> create)
    {
        Sequential network = create();
        network.Build(example, seed: 1);
        const int batch = 64;
        var context = new RunContext(true, new Random(1), 2);
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        var optimizer = new Adam();
        var input = new Tensor(example.WithBatch(batch), GradientCheck.RandomValues(new Random(2), batch * example.Size));
        float[] targets = [.. Enumerable.Range(0, batch).Select(i => (float)(i % 3))];
        var gradient = new Tensor(new TensorShape(batch, 3));
        void Step()
        {
            Tensor output = network.Forward(input, context);
            loss.Compute(output.Span, targets, default, batch, gradient.Span);
            network.Backward(gradient, context);
            optimizer.Step(network.Parameters, context.MaxThreads);
        }

        for (int i = 0; i < 5; i++)
        {
            Step();
        }

        // Two rounds of 20 steps: an allocation made by every step shows in both, while a one-time lazy initialisation
        // in the runtime (the first time a thread blocks on an event, say) can show in only one.
        long[] rounds = new long[2];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                Step();
            }

            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.AreEqual(0, rounds.Min(), $"bytes allocated by 20 {name} training steps, two rounds: {string.Join(", ", rounds)}");
    }
}
