using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNet.NeuralExtensions.ModelSearch;

// The search's best model within a budget against ML.NET's FastTree and LightGbm with their defaults, on the same
// featurization and the same 80/20 split of each dataset (written here for the scikit-learn peer to read).
// Usage: ModelSearchBench <datasets dir> <split dir> <train seconds> <case>...
// A case is name=file:task:label, e.g. pima=pima-diabetes.csv:binary:diabetes. Prints "<case> <who> <metric> <value>".
string datasets = args[0];
string splits = args[1];
double seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
Directory.CreateDirectory(splits);
foreach (string spec in args[3..])
{
    string name = spec[..spec.IndexOf('=')];
    string[] parts = spec[(name.Length + 1)..].Split(':');
    ModelSearchTask task = parts[1] switch
    {
        "binary" => ModelSearchTask.BinaryClassification,
        "multiclass" => ModelSearchTask.MulticlassClassification,
        _ => ModelSearchTask.Regression,
    };
    (string train, string test) = Split(Path.Combine(datasets, parts[0]), splits, name);
    var ml = new MLContext(1);
    var settings = new ModelSearchSettings { Task = task, LabelColumnName = parts[2], TrainingTime = TimeSpan.FromSeconds(seconds) };
    var clock = Stopwatch.StartNew();
    ModelSearchResult result = new ModelSearchExperiment(ml, settings).Run(train);
    Print(name, "search", clock.Elapsed.TotalSeconds, result.Evaluate(ml, test));
    Console.WriteLine($"{name} search best {result.BestTrial.Family}:{result.BestTrial.Settings.Replace(' ', '_')}");
    Console.WriteLine($"{name} search trials {result.Trials.Count}");
    Console.WriteLine($"{name} search positive {result.Analysis.PositiveClass ?? "-"}");
    foreach (TrainerFamily family in new[] { TrainerFamily.FastTree, TrainerFamily.LightGbm })
    {
        clock.Restart();
        (ITransformer model, IDataView testRows) = Baselines.Fit(ml, result.Analysis, family, train, test);
        double fit = clock.Elapsed.TotalSeconds;
        Print(name, family.ToString().ToLowerInvariant(), fit, Baselines.Evaluate(ml, result.Analysis, model, testRows));
    }
}

static void Print(string name, string who, double seconds, IReadOnlyDictionary<string, double> metrics)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {who} seconds {seconds:F3}"));
    foreach (string metric in new[] { "Accuracy", "AreaUnderRocCurve", "MicroAccuracy", "RSquared" })
    {
        if (metrics.TryGetValue(metric, out double value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {who} {(metric == "MicroAccuracy" ? "Accuracy" : metric)} {value:F4}"));
        }
    }
}

// A seeded 80/20 split of the file's rows, the header kept in both parts.
static (string Train, string Test) Split(string path, string directory, string name)
{
    string[] lines = File.ReadAllLines(path);
    var random = new Random(1);
    string[] rows = [.. lines[1..].OrderBy(_ => random.Next())];
    int test = rows.Length / 5;
    string trainPath = Path.Combine(directory, $"{name}-train.csv");
    string testPath = Path.Combine(directory, $"{name}-test.csv");
    File.WriteAllLines(trainPath, [lines[0], .. rows[test..]]);
    File.WriteAllLines(testPath, [lines[0], .. rows[..test]]);
    return (trainPath, testPath);
}
