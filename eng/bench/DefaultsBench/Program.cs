using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Trainers;

// Our Mlp with its defaults against scikit-learn's (eng/bench/peers/defaults_peer.py), on the splits that the peer's
// "data" command writes. Usage: DefaultsBench <data directory> <seeds> <variant> [set ...]
// For every set (sets.txt) and seed 1..<seeds>: ML.NET's text loader reads <set>-<seed>-train.csv and -test.csv (label
// first, "NaN" where a value is missing), the pipeline is ML.NET's ReplaceMissingValues (mean) + NormalizeMeanVariance
// (standardization, as scikit-learn's StandardScaler) + our trainer for the set's task (a key label for multiclass, the
// 0/1 label as is for binary), fitted under an MLContext seeded with the seed. Prints "<set> <seed> <variant> <key>
// <value>" lines: accuracy and log_loss (natural log) or r2 on the test file, seconds (the processor time of fitting the
// pipeline on cached rows, every thread of the process: steadier than wall_seconds, also printed, on a shared machine)
// and epochs.
// <variant> "defaults" is ml.<Task>.Trainers.Mlp() with no options; any other is a comma-separated list of changes to
// new MlpOptions() (so to the defaults), to measure what each default costs and gains:
//   epochs=N  batch=N  lr=X  l2=X  vf=X (ValidationFraction)  es=N|none (early stopping's patience; restores the best
//   weights unless restore=false)  mindelta=X (its minimum delta)  plateau=N|none (ReduceLearningRateOnPlateau's
//   patience)  factor=X (its factor)  std=true|false (StandardizeLabel)
string directory = args[0];
int seeds = int.Parse(args[1], CultureInfo.InvariantCulture);
string variant = args[2];
var sets = File.ReadLines(Path.Combine(directory, "sets.txt")).Select(l => l.Split(' ')).Select(f => (Name: f[0], Task: f[1], Classes: int.Parse(f[2], CultureInfo.InvariantCulture), Features: int.Parse(f[3], CultureInfo.InvariantCulture)))
    .Where(s => args.Length <= 3 || args.Skip(3).Contains(s.Name)).ToArray();

bool warm = false;
foreach (var set in sets)
{
    for (int seed = 1; seed <= seeds; seed++)
    {
        var ml = new MLContext(seed);
        IDataView Load(string part)
        {
            IDataView data = ml.Data.Cache(ml.Data.LoadFromTextFile(Path.Combine(directory, $"{set.Name}-{seed}-{part}.csv"),
                [new TextLoader.Column("Target", DataKind.Single, 0), new TextLoader.Column("Features", DataKind.Single, 1, set.Features)], separatorChar: ','));
            using DataViewRowCursor cursor = data.GetRowCursor(data.Schema);
            while (cursor.MoveNext())
            {
            }

            return data;
        }

        IDataView train = Load("train"), test = Load("test");
        string task = set.Task == "regression" ? "regression" : set.Classes == 2 ? "binary" : "multiclass";
        IEstimator<ITransformer> label = task == "multiclass" ? ml.Transforms.Conversion.MapValueToKey("Label", "Target") : ml.Transforms.CopyColumns("Label", "Target");
        EstimatorChain<ITransformer> pipeline = ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false))
            .Append(label)
            .Append(Trainer(ml, task, variant));
        if (!warm)
        {
            // The first training in a process runs unoptimized code (tiered compilation); keep it out of the timings.
            pipeline.Fit(train);
            warm = true;
        }

        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        var model = pipeline.Fit(train);
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        IDataView scored = model.Transform(test);
        var network = NeuralNetworkModelParameters.From(model)!;
        string prefix = $"{set.Name} {seed} {variant}";
        switch (task)
        {
            case "binary":
                Print("accuracy", ml.BinaryClassification.Evaluate(scored).Accuracy);
                Print("log_loss", BinaryLogLoss(scored));
                break;
            case "multiclass":
                MulticlassClassificationMetrics multiclass = ml.MulticlassClassification.Evaluate(scored);
                Print("accuracy", multiclass.MicroAccuracy);
                Print("log_loss", multiclass.LogLoss);
                break;
            default:
                Print("r2", ml.Regression.Evaluate(scored).RSquared);
                break;
        }

        Console.WriteLine(FormattableString.Invariant($"{prefix} seconds {seconds:F3}"));
        Console.WriteLine(FormattableString.Invariant($"{prefix} wall_seconds {wall:F3}"));
        Console.WriteLine(FormattableString.Invariant($"{prefix} epochs {network.History.Epochs.Count}"));
        void Print(string key, double value) => Console.WriteLine(FormattableString.Invariant($"{prefix} {key} {value:F6}"));
    }
}

// scikit-learn's log_loss of the binary scores: natural log, the probability (from the logit, in double) clipped to
// [1e-15, 1 − 1e-15]. ML.NET's binary LogLoss is in bits and unclipped, so one confident mistake makes it infinite.
static double BinaryLogLoss(IDataView scored)
{
    float[] labels = [.. scored.GetColumn<float>("Label")], logits = [.. scored.GetColumn<float>("Score")];
    return labels.Zip(logits, (label, logit) =>
    {
        double p = Math.Clamp(1 / (1 + Math.Exp(-logit)), 1e-15, 1 - 1e-15);
        return -Math.Log(label > 0 ? p : 1 - p);
    }).Average();
}

static IEstimator<ITransformer> Trainer(MLContext ml, string task, string variant)
{
    if (variant == "defaults")
    {
        return task switch
        {
            "binary" => ml.BinaryClassification.Trainers.Mlp(),
            "multiclass" => ml.MulticlassClassification.Trainers.Mlp(),
            _ => ml.Regression.Trainers.Mlp(),
        };
    }

    MlpOptions options = Changed(new MlpOptions(), variant);
    return task switch
    {
        "binary" => ml.BinaryClassification.Trainers.Mlp(options),
        "multiclass" => ml.MulticlassClassification.Trainers.Mlp(options),
        _ => ml.Regression.Trainers.Mlp(options),
    };
}

// The options with the variant's changes.
static MlpOptions Changed(MlpOptions options, string variant)
{
    int? patience = options.EarlyStopping?.Patience;
    float minDelta = options.EarlyStopping?.MinDelta ?? 0f;
    bool restore = options.EarlyStopping?.RestoreBestWeights ?? true;
    ReduceLearningRateOnPlateau? plateau = options.ReduceLearningRateOnPlateau;
    foreach (string change in variant.Split(','))
    {
        string[] pair = change.Split('=');
        string value = pair[1];
        float Number() => float.Parse(value, CultureInfo.InvariantCulture);
        int? PatienceOrNone() => value == "none" ? null : int.Parse(value, CultureInfo.InvariantCulture);
        switch (pair[0])
        {
            case "epochs": options.Epochs = (int)Number(); break;
            case "batch": options.BatchSize = (int)Number(); break;
            case "lr": options.LearningRate = Number(); break;
            case "l2": options.L2Regularization = Number(); break;
            case "vf": options.ValidationFraction = Number(); break;
            case "std": options.StandardizeLabel = bool.Parse(value); break;
            case "es": patience = PatienceOrNone(); break;
            case "mindelta": minDelta = Number(); break;
            case "restore": restore = bool.Parse(value); break;
            case "plateau": plateau = PatienceOrNone() is int p ? new ReduceLearningRateOnPlateau { Patience = p, Factor = plateau?.Factor ?? 0.1f } : null; break;
            case "factor": plateau = new ReduceLearningRateOnPlateau { Patience = plateau?.Patience ?? 10, Factor = Number() }; break;
            default: throw new ArgumentException($"Unknown change '{change}' in variant '{variant}'.");
        }
    }

    options.EarlyStopping = patience is int n ? new EarlyStopping { Patience = n, MinDelta = minDelta, RestoreBestWeights = restore } : null;
    options.ReduceLearningRateOnPlateau = plateau;
    return options;
}
