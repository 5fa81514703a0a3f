using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Forecasting;
using MLNet.NeuralExtensions.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Tests.Forecasting;

[TestClass]
public sealed class LstmForecastingTransformerTests
{
    [TestMethod]
    public void BoundsAreTheForecastPlusMinusTheNormalQuantileTimesTheInSampleError()
    {
        var ml = new MLContext(1);
        var (train, _, series) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Small()).Fit(train);
        Forecast[] rows = [.. ml.Data.CreateEnumerable<Forecast>(model.Transform(train), reuseRowObject: false)];

        // Read through the training series, the forecaster's window holds each training window in turn: σₕ is the root
        // mean squared error of those rows' h-step forecasts.
        int window = model.WindowSize, horizon = model.Horizon;
        for (int h = 0; h < horizon; h++)
        {
            double squares = 0;
            int count = 0;
            for (int r = window - 1; r + horizon < ForecastingData.SunspotTrainMonths; r++, count++)
            {
                squares += Math.Pow(rows[r].Values[h] - series[r + 1 + h], 2);
            }

            Assert.AreEqual(Math.Sqrt(squares / count), model.ForecastErrors[h], 1e-3 * model.ForecastErrors[h], $"σ of step {h + 1}");
        }

        double z = SpecialFunctions.NormalQuantile(0.975);
        foreach (Forecast row in rows.Take(100))
        {
            for (int h = 0; h < horizon; h++)
            {
                Assert.AreEqual(z * model.ForecastErrors[h], row.Upper[h] - row.Values[h], 1e-3, $"step {h + 1}: upper margin");
                Assert.AreEqual(z * model.ForecastErrors[h], row.Values[h] - row.Lower[h], 1e-3, $"step {h + 1}: lower margin");
            }
        }
    }

    [TestMethod]
    public void SeedsReproduceForecastsAndTheMLContextSeedIsTakenWithoutOne()
    {
        var (train, test, _) = ForecastingData.Sunspots(new MLContext(1));
        IDataView head = new MLContext(1).Data.TakeRows(test, 40);
        float[] Run(int contextSeed, int? seed)
        {
            var ml = new MLContext(contextSeed);
            return [.. ml.Data.CreateEnumerable<Forecast>(ml.Forecasting.ForecastByLstm(ForecastingData.Small(epochs: 1, seed)).Fit(train).Transform(head), false).SelectMany(f => f.Values)];
        }

        float[] seeded = Run(1, 7);
        CollectionAssert.AreEqual(seeded, Run(2, 7), "the options' seed, whatever the MLContext's");
        CollectionAssert.AreNotEqual(seeded, Run(1, 8), "another seed");
        float[] fromContext = Run(5, null);
        CollectionAssert.AreEqual(fromContext, Run(5, null), "the MLContext's seed");
        CollectionAssert.AreNotEqual(fromContext, Run(6, null), "another MLContext seed");
    }

    [TestMethod]
    public void OutputColumnsAreAsPromisedVectorsOfTheHorizon()
    {
        var ml = new MLContext(1);
        var (train, _, _) = ForecastingData.Sunspots(ml);
        var estimator = ml.Forecasting.ForecastByLstm(ForecastingData.Small(epochs: 1));
        SchemaShape promised = estimator.GetOutputSchema(ForecastingData.ShapeOf(train.Schema));
        var model = estimator.Fit(train);
        DataViewSchema output = model.GetOutputSchema(train.Schema);
        CollectionAssert.AreEqual(new[] { "Month", "Sunspots", "Forecast", "Lower", "Upper" }, output.Select(c => c.Name).ToArray());
        foreach (string name in new[] { "Forecast", "Lower", "Upper" })
        {
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), output[name].Type, name);
            Assert.AreEqual(promised.First(c => c.Name == name).ToString(), ForecastingData.ShapeOf(output).First(c => c.Name == name).ToString(), name);
        }

        CollectionAssert.AreEqual(output.Select(c => c.Name).ToArray(), model.Transform(train).Schema.Select(c => c.Name).ToArray());
        var plain = ml.Forecasting.ForecastByLstm("Forecast", "Sunspots", windowSize: 6, horizon: 2).GetOutputSchema(ForecastingData.ShapeOf(train.Schema));
        CollectionAssert.AreEqual(new[] { "Month", "Sunspots", "Forecast" }, plain.Select(c => c.Name).ToArray(), "no bounds unless named");
    }

    [TestMethod]
    public void SavedInOneProcessTheModelForecastsIdenticallyInAnother()
    {
        var ml = new MLContext(1);
        var (train, test, _) = ForecastingData.Sunspots(ml);
        var pipeline = ml.Transforms.CopyColumns("Observed", "Sunspots")
            .Append(ml.Forecasting.ForecastByLstm(ForecastingData.Small()));
        var model = pipeline.Fit(train);
        using var files = new TempFiles();
        IDataView child = ModelHost.ScoreInChildProcess(ml, model, test, files);
        foreach (string column in new[] { "Forecast", "Lower", "Upper" })
        {
            float[] here = Values(model.Transform(test), column), there = Values(child, column);
            Assert.HasCount(477 * 3, there, column);
            CollectionAssert.AreEqual(here, there, column);
        }

        CollectionAssert.AreEqual(test.GetColumn<float>("Sunspots").ToArray(), child.GetColumn<float>("Observed").ToArray(), "the other transforms of the pipeline");

        // Loaded here, the forecaster keeps its settings, errors, window, network and training history.
        string path = files.PathOf("here.zip");
        ml.Model.Save(model, train.Schema, path);
        var loaded = ((IEnumerable<ITransformer>)ml.Model.Load(path, out _)).OfType<LstmForecastingTransformer>().Single();
        LstmForecastingTransformer trained = model.LastTransformer;
        CollectionAssert.AreEqual(trained.ForecastErrors.ToArray(), loaded.ForecastErrors.ToArray());
        CollectionAssert.AreEqual(trained.Window.ToArray(), loaded.Window.ToArray());
        Assert.AreEqual((trained.SeriesMean, trained.SeriesScale, trained.ConfidenceLevel, "Lower", "Upper"), (loaded.SeriesMean, loaded.SeriesScale, loaded.ConfidenceLevel, loaded.ConfidenceLowerBoundColumn, loaded.ConfidenceUpperBoundColumn));
        Assert.AreEqual(trained.Model.Network.Summary(), loaded.Model.Network.Summary());
        CollectionAssert.AreEqual(trained.Model.History.Epochs.Select(e => e.Loss).ToArray(), loaded.Model.History.Epochs.Select(e => e.Loss).ToArray());
    }

    [TestMethod]
    public void EveryCursorStartsFromTheWindowAndTakesEveryRowReadOrNot()
    {
        var ml = new MLContext(1);
        var (train, test, _) = ForecastingData.Sunspots(ml);
        var model = ml.Forecasting.ForecastByLstm(ForecastingData.Small()).Fit(train);
        IDataView scored = model.Transform(test);
        float[][] full = [.. scored.GetColumn<float[]>("Forecast")];
        CollectionAssert.AreEqual(full.SelectMany(f => f).ToArray(), scored.GetColumn<float[]>("Forecast").SelectMany(f => f).ToArray(), "a second cursor starts again");

        // A cursor that reads the forecast of every tenth row only still adds every row's observation.
        DataViewSchema.Column forecast = scored.Schema["Forecast"];
        using (DataViewRowCursor cursor = scored.GetRowCursor([forecast]))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(forecast);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                if (cursor.Position % 10 == 9)
                {
                    getter(ref value);
                    CollectionAssert.AreEqual(full[cursor.Position], value.DenseValues().ToArray(), $"row {cursor.Position}");
                }
            }
        }

        Assert.IsFalse(scored.CanShuffle);
        Assert.HasCount(1, scored.GetRowCursorSet([forecast], 4), "one cursor, however many are asked for");
        CollectionAssert.AreEqual(full.SelectMany(f => f).ToArray(), ml.Data.Cache(scored).GetColumn<float[]>("Forecast").SelectMany(f => f).ToArray(), "through ML.NET's cache");
        Assert.IsFalse(model.IsRowToRowMapper);
        Assert.Throws<ArgumentException>(() => ml.Model.CreatePredictionEngine<SunspotMonth, Forecast>(model), "ML.NET's PredictionEngine refuses a forecaster, as it refuses the SSA one");
    }

    [TestMethod]
    public void ConvertToOnnxFailsNamingTheForecaster()
    {
        var ml = new MLContext(1);
        var (train, _, _) = ForecastingData.Sunspots(ml, trainMonths: 200);
        var model = ml.Transforms.NormalizeMinMax("Month").Append(ml.Forecasting.ForecastByLstm(ForecastingData.Small(epochs: 1))).Fit(train);
        using var stream = new MemoryStream();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.ConvertToOnnx(model, train, stream));
        StringAssert.Contains(error.Message, "LstmForecastingTransformer ('Forecast' from 'Sunspots') has no ONNX form");
    }

    [TestMethod]
    public void TrainingLogsEachEpochReportsProgressAndStopsWhenCancelled()
    {
        var ml = new MLContext(1);
        var (train, _, _) = ForecastingData.Sunspots(ml);
        var messages = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("Epoch ", StringComparison.Ordinal))
            {
                lock (messages)
                {
                    messages.Add(e.Message);
                }
            }
        };
        int epochEnds = 0;
        var options = ForecastingData.Small(epochs: 3);
        options.Progress = new Reports(p => epochEnds += p.IsEpochEnd ? 1 : 0);
        var model = ml.Forecasting.ForecastByLstm(options).Fit(train);
        Assert.AreEqual(3, epochEnds);
        Assert.HasCount(3, model.Model.History.Epochs);
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            Assert.IsTrue(messages.Any(m => m.Contains($"Epoch {epoch}/3: loss", StringComparison.Ordinal)), string.Join("\n", messages));
        }

        int batches = 0;
        using var cancellation = new CancellationTokenSource();
        options = ForecastingData.Small(epochs: 50);
        options.CancellationToken = cancellation.Token;
        options.Progress = new Reports(_ =>
        {
            if (++batches == 10)
            {
                cancellation.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() => ml.Forecasting.ForecastByLstm(options).Fit(train));
        Assert.IsTrue(batches < 20, $"training stopped soon after the cancellation ({batches} batches)");
    }

    private static float[] Values(IDataView data, string column) => [.. data.GetColumn<float[]>(column).SelectMany(v => v)];

    private sealed class Reports(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
