using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Tests.Scoring;

/// <summary>Engine tests (here until the engine's own test project exists): <see cref="Sequential.Predict(ReadOnlySpan{float}, int, Span{float})"/>
/// writes into the caller's memory and allocates nothing once its buffers exist.</summary>
[TestClass]
public sealed class SequentialPredictTests
{
    [TestMethod]
    [DynamicData(nameof(ScoringTestNetworks.Names), typeof(ScoringTestNetworks))]
    public void PredictingIntoTheCallersMemoryGivesTheSameOutputsAndAllocatesNothing(string name)
    {
        var (network, withLengths) = ScoringTestNetworks.Create(name);
        const int rows = 300;
        float[] inputs = ScoringTestNetworks.Inputs(network, rows, seed: 1);
        int[] lengths = ScoringTestNetworks.Lengths(network, rows, seed: 2);
        float[] expected = withLengths ? network.Predict(inputs, rows, lengths) : network.Predict(inputs, rows);
        var outputs = new float[expected.Length];
        int inputSize = network.InputShape.Size, outputSize = network.OutputShape.Size;
        void Predict(int count)
        {
            ReadOnlySpan<float> x = inputs.AsSpan(0, count * inputSize);
            Span<float> y = outputs.AsSpan(0, count * outputSize);
            if (withLengths)
            {
                network.Predict(x, count, lengths.AsSpan(0, count), y);
            }
            else
            {
                network.Predict(x, count, y);
            }
        }

        // 300 rows run as a chunk of 256 and one of 44; one row at a time, as a row scorer runs them, must agree.
        Predict(rows);
        CollectionAssert.AreEqual(expected, outputs, "a batch");
        Predict(1);
        CollectionAssert.AreEqual(expected[..outputSize], outputs[..outputSize], "one row");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Predict(1);
        }

        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before, $"bytes allocated by 100 single-row {name} predictions");
    }

    [TestMethod]
    public void ADestinationOfTheWrongSizeIsNamed()
    {
        var (network, _) = ScoringTestNetworks.Create("dense");
        var ex = Assert.ThrowsExactly<ArgumentException>(() => network.Predict(new float[24], 2, new float[5]));
        StringAssert.Contains(ex.Message, "2 examples of output shape [3] need 6 values; the destination has 5");
    }
}
