namespace MLNet.NeuralExtensions.Tests;

[TestClass]
public sealed class PredictionEngineTests
{
    private sealed class Prepared
    {
        [MLNet.NeuralExtensions.Data.VectorType(2)]
        public float[] Features { get; set; } = [];

        public uint ColorKey { get; set; }
    }

    [TestMethod]
    public void Engine_and_pool_predict_like_the_batch_transform()
    {
        var ml = new MLContext(1);
        PipelineTests.Input[] rows = PipelineTests.Rows();
        ITransformer model = PipelineTests.Pipeline(ml).Fit(ml.Data.LoadFromEnumerable(rows));
        Prepared[] expected = ml.Data.CreateEnumerable<Prepared>(model.Transform(ml.Data.LoadFromEnumerable(rows)), false).ToArray();

        using var engine = ml.Model.CreatePredictionEngine<PipelineTests.Input, Prepared>(model);
        PredictionEnginePool<PipelineTests.Input, Prepared> pool = ml.Model.CreatePredictionEnginePool<PipelineTests.Input, Prepared>(model);
        var fromPool = new Prepared[400];
        Parallel.For(0, fromPool.Length, i => fromPool[i] = pool.Predict(rows[i % rows.Length]));

        for (int i = 0; i < rows.Length; i++)
        {
            Prepared p = engine.Predict(rows[i]);
            CollectionAssert.AreEqual(expected[i].Features, p.Features);
            Assert.AreEqual(expected[i].ColorKey, p.ColorKey);
        }

        for (int i = 0; i < fromPool.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i % rows.Length].Features, fromPool[i].Features);
            Assert.AreEqual(expected[i % rows.Length].ColorKey, fromPool[i].ColorKey);
        }
    }
}
