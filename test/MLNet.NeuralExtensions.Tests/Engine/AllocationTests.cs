using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Tests.Engine;

[TestClass]
public sealed class AllocationTests
{
    [TestMethod]
    public void TrainingStepsAllocateNothingOnceWarm()
    {
        var network = new Sequential(new Dense(64, ActivationFunction.ReLU), new Dropout(0.1f), new Dense(32, ActivationFunction.Tanh), new Dense(3));
        network.Build(new TensorShape(20), seed: 1);
        var context = new RunContext(true, new Random(1), 2);
        var loss = new SparseCategoricalCrossEntropy(fromLogits: true);
        var optimizer = new Adam();
        var input = new Tensor(new TensorShape(256, 20), GradientCheck.RandomValues(new Random(2), 256 * 20));
        float[] targets = [.. Enumerable.Range(0, 256).Select(i => (float)(i % 3))];
        var gradient = new Tensor(new TensorShape(256, 3));
        void Step()
        {
            Tensor output = network.Forward(input, context);
            loss.Compute(output.Span, targets, default, 256, gradient.Span);
            network.Backward(gradient, context);
            optimizer.Step(network.Parameters, context.MaxThreads);
        }

        for (int i = 0; i < 5; i++)
        {
            Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Step();
        }

        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 50;
        Assert.AreEqual(0, perStep, "bytes allocated per training step");
    }
}
