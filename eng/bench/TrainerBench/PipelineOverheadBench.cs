using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

namespace TrainerBench;

/// <summary>
/// pipeline-overhead: what the ML.NET data path adds to training. On the same values, times
/// <c>ml.&lt;Task&gt;.Trainers.Mlp(options).Fit(view)</c> against <see cref="NetworkTrainer.Fit"/> on the engine alone,
/// given pre-built float arrays and the identical network, loss, optimizer, loop options and seed:
/// <list type="bullet">
/// <item>spam-mlp: spam.csv through ML.NET's text loader, <c>MapValue</c> (the text label to a Boolean) and
/// <c>NormalizeMeanVariance</c> (fitted once, before timing), one hidden layer of 100 ReLU units, binary cross-entropy
/// from logits, batch 32;</item>
/// <item>fashion-mlp: Fashion-MNIST's 60,000 training images through <c>LoadFromEnumerable</c> (<see cref="FashionImage"/>),
/// 784-256-128-10, softmax cross-entropy from logits, batch 128, 2 epochs.</item>
/// </list>
/// Each case is fitted from the view as a user gets it from <c>LoadFromTextFile</c> or <c>LoadFromEnumerable</c> and
/// transforms (not cached: ML.NET caches only where the pipeline asks, with <c>AppendCacheCheckpoint</c> or
/// <c>ml.Data.Cache</c>, never inside a trainer's <c>Fit</c>; every pass over such a view parses and transforms again,
/// or reads the objects again, and these trainers make one) and from an ML.NET cache filled before timing; the engine's arrays
/// are read from that cache before timing. Every round runs the three fits back to back, the first rotating. Prints, for
/// each, the best and median wall time and the time outside the engine's training loop (before its first progress
/// report and after its last), and against the engine the ratio of the best times, the median and range of the
/// rounds' ratios and the median of their process-CPU ratios (the rounds' ratios cancel what a shared machine's load
/// does between rounds); also one cursor pass over the view's Features and Label columns, and whether every fit's
/// weights are bit for bit the engine's.
/// </summary>
internal static class PipelineOverheadBench
{
    private const int Seed = 1;

    public static void Run(string datasets, int spamEpochs, int repeats)
    {
        var ml = new MLContext(seed: 1);
        Measure(ml, Spam(ml, datasets, spamEpochs), repeats);
        Measure(ml, Fashion(ml, epochs: 2), Math.Min(repeats, 3));
    }

    private static Case Spam(MLContext ml, string datasets, int epochs)
    {
        IDataView raw = ml.Data.LoadFromTextFile(Path.Combine(datasets, "spam.csv"),
            [new TextLoader.Column("Features", DataKind.Single, 0, 56), new TextLoader.Column("Type", DataKind.String, 57)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var preparation = ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { ["spam"] = true, ["nonspam"] = false }, "Type")
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false));
        IDataView prepared = preparation.Fit(raw).Transform(raw);
        return new Case("spam-mlp", "LoadFromTextFile + MapValue + NormalizeMeanVariance", prepared,
            LikeForLike.Mlp([100], new BinaryCrossEntropy(fromLogits: true), epochs, 32, Seed),
            (options, view) => ml.BinaryClassification.Trainers.Mlp(options).Fit(view).Model.Network,
            cached => new TrainingData(new TensorShape(57), Features(cached), [.. cached.GetColumn<bool>("Label").Select(b => b ? 1f : 0f)], 1),
            () => new Sequential([new Dense(100, ActivationFunction.ReLU), new Dense(1)]));
    }

    private static Case Fashion(MLContext ml, int epochs)
    {
        var (view, pixels, classes) = FashionImage.Load(ml, "train");
        return new Case("fashion-mlp", "LoadFromEnumerable", view,
            LikeForLike.Mlp([256, 128], new SparseCategoricalCrossEntropy(fromLogits: true), epochs, 128, Seed),
            (options, v) => ml.MulticlassClassification.Trainers.Mlp(options).Fit(v).Model.Network,
            _ => new TrainingData(new TensorShape(784), pixels, classes, 1),
            () => new Sequential([new Dense(256, ActivationFunction.ReLU), new Dense(128, ActivationFunction.ReLU), new Dense(10)]));
    }

    private static void Measure(MLContext ml, Case c, int repeats)
    {
        IDataView cached = ml.Data.Cache(c.View);
        DataViews.Read(cached);
        TrainingData arrays = c.Arrays(cached);
        var loopStart = new LoopStart();
        MlpOptions options = c.Options;
        options.Progress = loopStart;
        Sequential FitEngine()
        {
            Sequential network = c.Network();
            network.Build(arrays.FeatureShape, options.Seed!.Value);
            NetworkTrainer.Fit(network, options.Loss!, LikeForLike.EngineOptimizer(options), arrays, LikeForLike.EngineOptions(options));
            return network;
        }

        Fit[] fits = [new("engine", FitEngine), new("cached", () => c.FitPipeline(options, cached)), new("uncached", () => c.FitPipeline(options, c.View))];
        double readUncached = double.PositiveInfinity, readCached = double.PositiveInfinity;
        for (int round = 0; round < repeats; round++)
        {
            var networks = new Sequential[fits.Length];
            for (int k = 0; k < fits.Length; k++)
            {
                int i = (round + k) % fits.Length;
                networks[i] = fits[i].Run(loopStart);
            }

            for (int i = 1; i < fits.Length; i++)
            {
                fits[i].Identical &= SameWeights(networks[0], networks[i]);
            }

            readUncached = Math.Min(readUncached, Time(() => DataViews.Read(c.View, "Features", "Label")));
            readCached = Math.Min(readCached, Time(() => DataViews.Read(cached, "Features", "Label")));
        }

        Fit engine = fits[0];
        Console.WriteLine($"pipeline-overhead {c.Name}: {arrays.Count} rows x {arrays.FeatureShape.Size}, {options.Epochs} epochs, batch {options.BatchSize}, {repeats} rounds, {Environment.ProcessorCount} threads");
        Console.WriteLine($"  engine alone (NetworkTrainer.Fit on float arrays)  {engine.Describe(engine)}");
        Console.WriteLine($"  Fit(view) from a filled ML.NET cache               {fits[1].Describe(engine)}");
        Console.WriteLine($"  Fit(view) not cached ({c.ViewSource})  {fits[2].Describe(engine)}");
        Console.WriteLine($"  one cursor pass over Features and Label: not cached {F(readUncached)} s, cached {F(readCached)} s");
    }

    private static string F(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture);

    private static float[] Features(IDataView data)
    {
        float[][] rows = [.. data.GetColumn<float[]>("Features")];
        int width = rows[0].Length;
        var values = new float[rows.Length * width];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(values, r * width);
        }

        return values;
    }

    private static bool SameWeights(Sequential a, Sequential b) =>
        a.Parameters.Count == b.Parameters.Count
        && a.Parameters.Zip(b.Parameters).All(p => MemoryMarshal.AsBytes(p.First.Value.Span).SequenceEqual(MemoryMarshal.AsBytes(p.Second.Value.Span)));

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>One case: the view as a user gets it, the options of both sides (the engine's network, loss, optimizer and
    /// loop are built from them), the fit through ML.NET's catalog, the engine's arrays read from the filled cache and
    /// the engine's network as the options' architecture describes it (not built).</summary>
    private sealed record Case(string Name, string ViewSource, IDataView View, MlpOptions Options, Func<MlpOptions, IDataView, Sequential> FitPipeline,
        Func<IDataView, TrainingData> Arrays, Func<Sequential> Network);

    /// <summary>One way of training: its times in every round and whether its weights were always the engine's.</summary>
    private sealed class Fit(string name, Func<Sequential> fit)
    {
        private readonly List<(double Wall, double Cpu)> _rounds = [];
        private double _before = double.PositiveInfinity, _after = double.PositiveInfinity;

        public string Name { get; } = name;

        public bool Identical { get; set; } = true;

        public Sequential Run(LoopStart loopStart)
        {
            TimeSpan cpu = Environment.CpuUsage.TotalTime;
            long start = loopStart.Restart();
            Sequential network = fit();
            double after = loopStart.Stop();
            _rounds.Add((Stopwatch.GetElapsedTime(start).TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds));
            _before = Math.Min(_before, loopStart.Before);
            _after = Math.Min(_after, after);
            return network;
        }

        /// <summary>The best and median wall time, the time outside the loop, and against <paramref name="engine"/>
        /// the ratio of the best times, the median and range of the rounds' ratios (each round runs the fits back to
        /// back) and the median of the rounds' CPU ratios.</summary>
        public string Describe(Fit engine)
        {
            double[] wall = [.. _rounds.Select(r => r.Wall)];
            string figures = $"best {F(wall.Min())} s, median {F(Median(wall))} s; outside the loop {F(_before)} + {F(_after)} s";
            if (ReferenceEquals(this, engine))
            {
                return figures;
            }

            double[] ratios = [.. _rounds.Zip(engine._rounds, (mine, its) => mine.Wall / its.Wall)];
            double[] cpu = [.. _rounds.Zip(engine._rounds, (mine, its) => mine.Cpu / its.Cpu)];
            return $"{figures}; ratio to the engine: best {R(wall.Min() / engine._rounds.Min(r => r.Wall))}, rounds median {R(Median(ratios))} ({R(ratios.Min())}-{R(ratios.Max())}), CPU rounds median {R(Median(cpu))}; weights bit-identical: {(Identical ? "yes" : "NO")}";
        }

        private static double Median(double[] values)
        {
            double[] sorted = [.. values.Order()];
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static string R(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);
    }

    /// <summary>Measures how long a fit took outside the engine's training loop: before it, the time from
    /// <see cref="Restart"/> to the first progress report less the loop time that report gives; after it, the time
    /// from the last report (the last epoch's end) to <see cref="Stop"/>.</summary>
    private sealed class LoopStart : IProgress<TrainingProgress>
    {
        private long _start, _last;

        public double Before { get; private set; }

        public long Restart()
        {
            Before = double.NaN;
            return _start = Stopwatch.GetTimestamp();
        }

        /// <summary>The seconds since the last report.</summary>
        public double Stop() => Stopwatch.GetElapsedTime(_last).TotalSeconds;

        public void Report(TrainingProgress value)
        {
            _last = Stopwatch.GetTimestamp();
            if (double.IsNaN(Before))
            {
                Before = Stopwatch.GetElapsedTime(_start, _last).TotalSeconds - value.Elapsed.TotalSeconds;
            }
        }
    }
}
