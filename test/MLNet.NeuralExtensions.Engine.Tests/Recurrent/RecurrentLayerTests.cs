using MLNet.NeuralExtensions.Engine.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Engine.Tests.Recurrent;

[TestClass]
public sealed class RecurrentLayerTests
{
    public static IEnumerable<object[]> Cells() =>
    [
        [(Func<bool, bool, RecurrentLayer>)((sequences, backwards) => new SimpleRnn(3, returnSequences: sequences, goBackwards: backwards))],
        [(Func<bool, bool, RecurrentLayer>)((sequences, backwards) => new Lstm(3, returnSequences: sequences, goBackwards: backwards))],
        [(Func<bool, bool, RecurrentLayer>)((sequences, backwards) => new Gru(3, returnSequences: sequences, goBackwards: backwards))],
    ];

    [TestMethod]
    [DynamicData(nameof(Cells))]
    public void RecurrentGradientsMatchFiniteDifferences(Func<bool, bool, RecurrentLayer> create)
    {
        GradientCheck.Layer(create(false, false), new TensorShape(4, 2));
        GradientCheck.Layer(create(true, false), new TensorShape(4, 2));
        GradientCheck.Layer(create(true, true), new TensorShape(3, 2), batch: 2);
    }

    [TestMethod]
    [DynamicData(nameof(Cells))]
    public void BidirectionalGradientsMatchForEveryMergeMode(Func<bool, bool, RecurrentLayer> create)
    {
        GradientCheck.Layer(new Bidirectional(create(true, false)), new TensorShape(3, 2), batch: 2);
        GradientCheck.Layer(new Bidirectional(create(false, false), BidirectionalMerge.Sum), new TensorShape(3, 2), batch: 2);
        GradientCheck.Layer(new Bidirectional(create(true, false), BidirectionalMerge.Average), new TensorShape(3, 2), batch: 2);
    }

    [TestMethod]
    public void StackedRecurrentNetworkShapesAreInferred()
    {
        var network = new Sequential(new Lstm(8, returnSequences: true), new Dropout(0.2f), new Bidirectional(new Gru(4)), new Dense(1));
        Assert.AreEqual(new TensorShape(1), network.Build(new TensorShape(10, 3), seed: 1));
        Assert.AreEqual(new TensorShape(8), network.Layers[2].OutputShape);
        Assert.AreEqual((3 * 32) + (8 * 32) + 32 + (2 * ((8 * 12) + (4 * 12) + 12 + 12)) + 9, network.ParameterCount);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new Sequential(new Lstm(4)).Build(new TensorShape(12), seed: 1));
        StringAssert.Contains(ex.Message, "[steps×features]");
    }

    [TestMethod]
    public void LstmStartsWithUnitForgetBiasAndOrthogonalRecurrentKernel()
    {
        var lstm = new Lstm(4);
        lstm.Build(new TensorShape(5, 3), new Random(1));
        CollectionAssert.AreEqual(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, lstm.Bias.Value.ToArray());
        float[] u = lstm.RecurrentKernel.Value.ToArray();
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double dot = Enumerable.Range(0, 16).Sum(k => (double)u[(i * 16) + k] * u[(j * 16) + k]);
                Assert.AreEqual(i == j ? 1 : 0, dot, 1e-5, "Rows of the recurrent kernel are orthonormal.");
            }
        }
    }
}
