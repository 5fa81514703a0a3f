using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Tests.DataPrep;

/// <summary>The round trips the data-preparation tests put fitted pipelines through.</summary>
internal static class PipelineChecks
{
    /// <summary>Saves <paramref name="model"/> to a model file in memory and loads it back.</summary>
    public static ITransformer SaveAndLoad(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        return ml.Model.Load(stream, out _);
    }

    /// <summary>Fits <paramref name="estimator"/> on <paramref name="train"/> and checks that each of <paramref name="outputs"/>
    /// has, in the fitted transformer's output over <paramref name="test"/>, the shape the estimator promised.</summary>
    public static (TTransformer Model, DataViewSchema Output) FitKeepingPromise<TTransformer>(IEstimator<TTransformer> estimator, IDataView train, IDataView test, params string[] outputs)
        where TTransformer : ITransformer
    {
        SchemaShape promised = estimator.GetOutputSchema(SchemaShape.Create(train.Schema));
        TTransformer model = estimator.Fit(train);
        DataViewSchema actual = model.GetOutputSchema(test.Schema);
        foreach (string column in outputs)
        {
            Assert.IsTrue(promised.TryFindColumn(column, out SchemaShape.Column shape), $"the estimator promises {column}");
            Assert.AreEqual(SchemaShape.Create(actual).First(c => c.Name == column).ToString(), shape.ToString(), $"{column}'s promised shape");
        }

        return (model, actual);
    }

    /// <summary>Exports <paramref name="model"/> to ONNX and scores <paramref name="values"/> (rows × <paramref name="width"/>)
    /// fed to input <paramref name="input"/> through ONNX Runtime. The other columns of <paramref name="data"/> are left
    /// out of the export, so that the model has the one input.</summary>
    public static IReadOnlyDictionary<string, OnnxTensor> ScoreExported<T>(MLContext ml, ITransformer model, IDataView data, string input, T[] values, int width)
        where T : unmanaged
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, ml.Transforms.SelectColumns(input).Fit(data).Transform(data), stream);
        using var scorer = new OnnxScorer(stream.ToArray());
        return scorer.Run(new Dictionary<string, OnnxTensor> { [input] = OnnxTensor.Create(values, values.Length / width, width) });
    }

    /// <summary>The values of vector column <paramref name="column"/>, read through <typeparamref name="TRow"/>'s "X".</summary>
    public static float[] VectorColumn<TRow>(MLContext ml, IDataView data, string column)
        where TRow : class, DataPrepGoldens.IVectorRow, new() =>
        [.. ml.Data.CreateEnumerable<TRow>(ml.Transforms.CopyColumns("X", column).Fit(data).Transform(data), false).SelectMany(r => r.X)];
}
