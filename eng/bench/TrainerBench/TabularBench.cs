using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Engine;

namespace TrainerBench;

/// <summary>
/// spam and boston: <c>BinaryClassification.Trainers.Mlp</c> or <c>Regression.Trainers.Mlp</c> from ML.NET's catalogs
/// on the files trainer_peer.py prepares (split and standardized once, so every side reads the same values), read by
/// ML.NET's text loader into an ML.NET cache that is filled before timing (the peers time training on arrays already in
/// memory); one hidden layer of 100 ReLU units, binary cross-entropy from logits or mean squared error, batch 32 and
/// <see cref="LikeForLike"/>'s options. Prints the best training time of the repeats (seeds 1, 2, …) and the last
/// model's test metric from ML.NET's evaluator (accuracy for spam, R² for boston) as "&lt;bench&gt; ours &lt;key&gt;
/// &lt;value&gt;" lines, in the peer's order.
/// </summary>
internal static class TabularBench
{
    public static void Run(string name, string directory, int epochs, int repeats)
    {
        bool binary = name == "spam";
        var ml = new MLContext(seed: 1);
        IDataView train = Load(ml, directory, name, "train", binary), test = Load(ml, directory, name, "test", binary);
        double best = double.PositiveInfinity;
        ITransformer model = null!;
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            long start = Stopwatch.GetTimestamp();
            model = binary
                ? ml.BinaryClassification.Trainers.Mlp(LikeForLike.Mlp([100], new BinaryCrossEntropy(fromLogits: true), epochs, 32, repeat + 1)).Fit(train)
                : ml.Regression.Trainers.Mlp(LikeForLike.Mlp([100], new MeanSquaredError(), epochs, 32, repeat + 1)).Fit(train);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        IDataView scored = model.Transform(test);
        string metric = binary
            ? string.Create(CultureInfo.InvariantCulture, $"accuracy {ml.BinaryClassification.Evaluate(scored).Accuracy:F4}")
            : string.Create(CultureInfo.InvariantCulture, $"r2 {ml.Regression.Evaluate(scored).RSquared:F4}");
        Console.WriteLine(FormattableString.Invariant($"{name} ours seconds {best:F3}"));
        Console.WriteLine($"{name} ours {metric}");
    }

    /// <summary>One prepared file (label first, then the features) through ML.NET's text loader into a filled ML.NET
    /// cache: a Boolean label for spam ("1"/"0"), Single for boston.</summary>
    private static IDataView Load(MLContext ml, string directory, string name, string part, bool binary)
    {
        string path = Path.Combine(directory, $"{name}-{part}.csv");
        int width = File.ReadLines(path).First().Split(',').Length - 1;
        IDataView cached = ml.Data.Cache(ml.Data.LoadFromTextFile(path,
            [new TextLoader.Column("Label", binary ? DataKind.Boolean : DataKind.Single, 0), new TextLoader.Column("Features", DataKind.Single, 1, width)], separatorChar: ','));
        DataViews.Read(cached);
        return cached;
    }
}
