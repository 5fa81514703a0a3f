using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Infrastructure;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Trainers;

[TestClass]
public sealed class MlpBinaryTests
{
    [TestMethod]
    public void SavedPipelineScoresTheSameInAChildProcess()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            float a = random.NextSingle(), b = random.NextSingle();
            return new Row { A = a, B = b, Label = a + b > 1 };
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Concatenate("Features", "A", "B").Append(ml.BinaryClassification.Trainers.Mlp()).Fit(data);
        NeuralNetworkModelParameters network = model.LastTransformer.Model;
        Assert.IsNotNull(network.Network);

        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, data, files);
        float[] expected = [.. model.Transform(data).GetColumn<float>("Probability")];
        float[] actual = [.. child.GetColumn<float>("Probability")];
        CollectionAssert.AreEqual(expected, actual);
    }

    private sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        public bool Label { get; set; }
    }
}
