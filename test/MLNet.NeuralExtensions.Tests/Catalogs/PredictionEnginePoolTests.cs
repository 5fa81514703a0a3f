using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Tests.Trainers;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Tests.Catalogs;

[TestClass]
public sealed class PredictionEnginePoolTests
{
    [TestMethod]
    public void ThePoolPredictsFromManyThreadsAsTransformDoes()
    {
        var ml = new MLContext(1);
        IDataView raw = TrainerData.Raw(ml, "iris");
        var model = TrainerData.Preparation(ml, "iris").Append(ml.MulticlassClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [8], Epochs = 10, Seed = 1 })).Fit(raw);
        Input[] rows = [.. ml.Data.CreateEnumerable<Input>(raw, false)];
        float[][] expected = [.. model.Transform(raw).GetColumn<float[]>("Score")];

        using PredictionEnginePool<Input, Output> pool = ml.Model.CreatePredictionEnginePool<Input, Output>(model);
        var scores = new float[rows.Length * 4][];
        Parallel.For(0, scores.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => scores[i] = pool.Predict(rows[i % rows.Length]).Score);
        for (int i = 0; i < scores.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i % rows.Length], scores[i], $"row {i % rows.Length}");
        }

        pool.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => pool.Predict(rows[0]));
    }

    private sealed class Input
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public string Raw { get; set; } = "";
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
