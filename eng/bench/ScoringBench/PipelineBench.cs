using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace ScoringBench;

/// <summary>
/// ML.NET's scoring routes on 100,000 rows of 30 features: <c>model.Transform</c> consumed by a cursor reading the score
/// column (rows per second, the best of three passes after one to warm up) and a <c>PredictionEngine</c> (microseconds
/// per call over 20,000 calls after 5,000), for our networks, ML.NET's FastTree and LightGbm trained on the same data,
/// and ML.NET's ApplyOnnxModel on the 30-100-1 network exported with ConvertToOnnx. Prints "pipeline &lt;model&gt;
/// transform-rows/s &lt;rate&gt; engine-us &lt;µs&gt;" lines, then the ratios.
/// </summary>
internal static class PipelineBench
{
    private const int Rows = 100_000;
    private const int FeatureCount = 30;
    private const int EngineCalls = 20_000;

    public static void Run()
    {
        var ml = new MLContext(seed: 1);
        Example[] examples = Data(Rows, seed: 3);
        IDataView data = ml.Data.Cache(ml.Data.LoadFromEnumerable(examples));
        var results = new List<(string Name, double RowsPerSecond, double Microseconds)>();
        void Measure<TOut>(string name, ITransformer model, string column, IDataView input)
            where TOut : class, new()
        {
            double rate = TransformRate(model.Transform(input), column);
            double micros = EngineMicroseconds<TOut>(ml, model, input);
            results.Add((name, rate, micros));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline {name} transform-rows/s {rate:F0} engine-us {micros:F2}"));
        }

        // Our Mlp, one hidden layer of 100 (its default), trained briefly: what is measured is scoring.
        BinaryPredictionTransformer<NeuralNetworkBinaryModelParameters>? exported = null;
        foreach (ScoringBackend backend in new[] { ScoringBackend.Auto, ScoringBackend.OnnxRuntime })
        {
            var ours = ml.BinaryClassification.Trainers.Mlp(new MlpOptions { HiddenLayers = [100], Epochs = 2, Seed = 1, ScoringBackend = backend }).Fit(data);
            exported ??= ours;
            Measure<BinaryPrediction>($"Mlp-30-100-1-{backend}({ours.Model.ExecutionProvider})", ours, "Score", data);
        }

        Measure<BinaryPrediction>("FastTree", ml.BinaryClassification.Trainers.FastTree().Fit(data), "Score", data);
        Measure<BinaryPrediction>("LightGbm", ml.BinaryClassification.Trainers.LightGbm().Fit(data), "Score", data);

        string onnxPath = Path.Combine(Path.GetTempPath(), $"scoring-bench-{Environment.ProcessId}.onnx");
        try
        {
            // The Mlp through ML.NET's converter, scored by ML.NET's ApplyOnnxModel (ONNX Runtime once per row).
            using (FileStream file = File.Create(onnxPath))
            {
                ml.Model.ConvertToOnnx(exported!, data, file);
            }

            var onnx = ml.Transforms.ApplyOnnxModel(onnxPath).Fit(data);
            Measure<OnnxPrediction>("ApplyOnnxModel-Mlp-30-100-1", onnx, "Score", data);
        }
        finally
        {
            File.Delete(onnxPath);
        }

        var (_, onnxRate, onnxMicros) = results[^1];
        var (_, fastTreeRate, fastTreeMicros) = results.Single(r => r.Name == "FastTree");
        foreach (var (name, rate, micros) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio {name} transform/ApplyOnnxModel {rate / onnxRate:F2} transform/FastTree {rate / fastTreeRate:F2} engine-us/FastTree {micros / fastTreeMicros:F2} engine-us/ApplyOnnxModel {micros / onnxMicros:F2}"));
        }
    }

    private static double TransformRate(IDataView scored, string column)
    {
        DataViewSchema.Column score = scored.Schema[column];
        double best = 0;
        for (int pass = 0; pass < 4; pass++)
        {
            long start = Stopwatch.GetTimestamp();
            double sum = 0;
            using DataViewRowCursor cursor = scored.GetRowCursor([score]);
            if (score.Type is VectorDataViewType)
            {
                ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(score);
                VBuffer<float> value = default;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    sum += value.GetValues()[0];
                }
            }
            else
            {
                ValueGetter<float> getter = cursor.GetGetter<float>(score);
                float value = 0;
                while (cursor.MoveNext())
                {
                    getter(ref value);
                    sum += value;
                }
            }

            double rate = Rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = pass == 0 || double.IsNaN(sum) ? best : Math.Max(best, rate);
        }

        return best;
    }

    private static double EngineMicroseconds<TOut>(MLContext ml, ITransformer model, IDataView data)
        where TOut : class, new()
    {
        using PredictionEngine<Example, TOut> engine = ml.Model.CreatePredictionEngine<Example, TOut>(model, data.Schema);
        Example[] inputs = Data(EngineCalls, seed: 5);
        for (int i = 0; i < 5_000; i++)
        {
            engine.Predict(inputs[i]);
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < EngineCalls; i++)
        {
            engine.Predict(inputs[i]);
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / EngineCalls;
    }

    // Features uniform in [-1, 1); the label is a noisy linear rule, so that the trees have something to learn.
    private static Example[] Data(int rows, int seed)
    {
        var random = new Random(seed);
        float[] weights = [.. Enumerable.Range(0, FeatureCount).Select(i => (float)Math.Sin(i + 1))];
        return [.. Enumerable.Range(0, rows).Select(_ =>
        {
            float[] x = [.. Enumerable.Range(0, FeatureCount).Select(_ => (2 * random.NextSingle()) - 1)];
            float margin = x.Select((v, i) => v * weights[i]).Sum() + (0.3f * ((2 * random.NextSingle()) - 1));
            return new Example { Features = x, Label = margin > 0 };
        })];
    }

    public sealed class Example
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    public sealed class OnnxPrediction
    {
        [ColumnName("Score")]
        [VectorType(1)]
        public float[] Score { get; set; } = [];
    }
}
