using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Trainers;

// Usage: EnsembleBench quality <data directory> [datasets...]
//        EnsembleBench speed <data directory> [dataset]
// quality: for each dataset (80/20 split, seed 1; missing values replaced by the mean, standardized), the held-out
//   metrics of each member alone (our Mlp, ML.NET's FastTree and LightGbm), their soft Voting and their Stacking.
//   Prints "quality <dataset> <model> <metric> <value>" lines.
// speed: on one dataset (spam by default), the training time of each member and ensemble, then scoring: rows per
//   second through Transform (passes over the test rows, reading the Score column, for at least 2 s) and microseconds
//   per row through a PredictionEngine (passes over the test rows for at least 2 s). Each model is first trained on 300
//   rows and scored untimed, so that JIT compilation and LightGbm's native library load are not timed.
//   Prints "speed <dataset> <model> <measure> <value>" lines.
string mode = args[0];
string directory = args[1];
string[] datasets = args.Length > 2 ? args[2..] : mode == "quality" ? ["spam", "breast-cancer", "pima-diabetes", "vehicle", "satellite", "boston-housing"] : ["spam"];
foreach (string dataset in datasets)
{
    var set = Datasets.Of(dataset);
    var ml = new MLContext(seed: 1);
    var (train, test) = set.Load(ml, directory);
    foreach (var (name, estimator) in Candidates(ml, set.Task, mode == "speed"))
    {
        if (mode == "speed")
        {
            ITransformer warm = estimator.Fit(ml.Data.TakeRows(train, 300));
            TransformRowsPerSecond(warm, test, seconds: 0);
            EngineMicroseconds(ml, warm, test, set.Task, seconds: 0);
        }

        long start = Stopwatch.GetTimestamp();
        ITransformer model = estimator.Fit(train);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (mode == "quality")
        {
            foreach (var (metric, value) in Metrics(ml, set.Task, model.Transform(test)))
            {
                Print("quality", dataset, name, metric, value);
            }

            continue;
        }

        Print("speed", dataset, name, "train_seconds", seconds);
        Print("speed", dataset, name, "transform_rows_per_second", TransformRowsPerSecond(model, test, seconds: 2));
        Print("speed", dataset, name, "engine_microseconds_per_row", EngineMicroseconds(ml, model, test, set.Task, seconds: 2));
    }
}

static void Print(string mode, string dataset, string model, string measure, double value) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode} {dataset} {model} {measure} {value:G6}"));

// The members alone, then the ensembles of them; speed adds bagging.
static IEnumerable<(string Name, IEstimator<ITransformer> Estimator)> Candidates(MLContext ml, string task, bool speed)
{
    var mlp = new MlpOptions { HiddenLayers = [64], Epochs = 50, BatchSize = 32 };
    IEstimator<ISingleFeaturePredictionTransformer<object>>[] Members() => task switch
    {
        "binary" => [ml.BinaryClassification.Trainers.Mlp(mlp), ml.BinaryClassification.Trainers.FastTree(), ml.BinaryClassification.Trainers.LightGbm()],
        "multiclass" => [ml.MulticlassClassification.Trainers.Mlp(mlp), ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()), ml.MulticlassClassification.Trainers.LightGbm()],
        _ => [ml.Regression.Trainers.Mlp(mlp), ml.Regression.Trainers.FastTree(), ml.Regression.Trainers.LightGbm()],
    };
    string[] names = ["Mlp", "FastTree", "LightGbm"];
    var members = Members();
    for (int m = 0; m < members.Length; m++)
    {
        yield return (names[m], members[m]);
    }

    yield return ("Voting", task switch
    {
        "binary" => ml.BinaryClassification.Trainers.Voting(Members()),
        "multiclass" => ml.MulticlassClassification.Trainers.Voting(Members()),
        _ => ml.Regression.Trainers.Voting(Members()),
    });
    yield return ("Stacking", task switch
    {
        "binary" => ml.BinaryClassification.Trainers.Stacking(Members()),
        "multiclass" => ml.MulticlassClassification.Trainers.Stacking(Members()),
        _ => ml.Regression.Trainers.Stacking(Members()),
    });
    if (speed)
    {
        yield return ("Bagging(FastTree,5)", task switch
        {
            "binary" => ml.BinaryClassification.Trainers.Bagging(ml.BinaryClassification.Trainers.FastTree(), 5),
            "multiclass" => ml.MulticlassClassification.Trainers.Bagging(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree()), 5),
            _ => ml.Regression.Trainers.Bagging(ml.Regression.Trainers.FastTree(), 5),
        });
    }
}

static IEnumerable<(string, double)> Metrics(MLContext ml, string task, IDataView scored)
{
    if (task == "binary")
    {
        var b = ml.BinaryClassification.Evaluate(scored);
        return [("auc", b.AreaUnderRocCurve), ("accuracy", b.Accuracy), ("log_loss", b.LogLoss)];
    }

    if (task == "multiclass")
    {
        var m = ml.MulticlassClassification.Evaluate(scored);
        return [("accuracy", m.MicroAccuracy), ("log_loss", m.LogLoss)];
    }

    var r = ml.Regression.Evaluate(scored);
    return [("rmse", r.RootMeanSquaredError), ("r2", r.RSquared)];
}

// Rows per second of Transform, reading every row's Score, over passes of the test rows for at least the given time.
static double TransformRowsPerSecond(ITransformer model, IDataView test, double seconds)
{
    long start = Stopwatch.GetTimestamp(), rows = 0;
    do
    {
        IDataView scored = model.Transform(test);
        DataViewSchema.Column score = scored.Schema["Score"];
        using DataViewRowCursor cursor = scored.GetRowCursor([score]);
        if (score.Type is VectorDataViewType)
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> value = default;
            for (; cursor.MoveNext(); rows++)
            {
                getter(ref value);
            }
        }
        else
        {
            ValueGetter<float> getter = cursor.GetGetter<float>(score);
            float value = 0;
            for (; cursor.MoveNext(); rows++)
            {
                getter(ref value);
            }
        }
    }
    while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds);

    return rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
}

// Microseconds per Predict of one PredictionEngine, over passes of the test rows for at least the given time.
static double EngineMicroseconds(MLContext ml, ITransformer model, IDataView test, string task, double seconds)
{
    int size = ((VectorDataViewType)test.Schema["Features"].Type).Size;
    SchemaDefinition input = SchemaDefinition.Create(typeof(FeatureRow));
    input[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
    FeatureRow[] rows = [.. test.GetColumn<float[]>("Features").Select(f => new FeatureRow { Features = f })];
    Func<FeatureRow, object> predict = task == "multiclass"
        ? ml.Model.CreatePredictionEngine<FeatureRow, VectorScore>(model, inputSchemaDefinition: input).Predict
        : ml.Model.CreatePredictionEngine<FeatureRow, ScalarScore>(model, inputSchemaDefinition: input).Predict;
    long start = Stopwatch.GetTimestamp(), predictions = 0;
    do
    {
        foreach (FeatureRow row in rows)
        {
            predict(row);
        }

        predictions += rows.Length;
    }
    while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds);

    return Stopwatch.GetElapsedTime(start).TotalMicroseconds / predictions;
}

/// <summary>The shared datasets: file, feature count, task, and the positive and negative text labels of a binary set.</summary>
internal sealed record Datasets(string File, int Features, string Task, string? Positive = null, string? Negative = null)
{
    public static Datasets Of(string name) => name switch
    {
        "spam" => new("spam.csv", 57, "binary", "spam", "nonspam"),
        "breast-cancer" => new("breast-cancer.csv", 9, "binary", "malignant", "benign"),
        "pima-diabetes" => new("pima-diabetes.csv", 8, "binary", "pos", "neg"),
        "vehicle" => new("vehicle.csv", 18, "multiclass"),
        "satellite" => new("satellite.csv", 36, "multiclass"),
        "boston-housing" => new("boston-housing.csv", 13, "regression"),
        _ => throw new ArgumentException($"No dataset '{name}'.", nameof(name)),
    };

    /// <summary>The 80/20 split, prepared as the tests prepare it, both parts cached and read once.</summary>
    public (IDataView Train, IDataView Test) Load(MLContext ml, string directory)
    {
        IDataView raw = ml.Data.LoadFromTextFile(Path.Combine(directory, File),
            [new TextLoader.Column("Features", DataKind.Single, 0, Features - 1), new TextLoader.Column("Raw", Task == "regression" ? DataKind.Single : DataKind.String, Features)],
            separatorChar: ',', hasHeader: true, allowQuoting: true);
        var split = ml.Data.TrainTestSplit(raw, testFraction: 0.2, seed: 1);
        IEstimator<ITransformer> label = Task switch
        {
            "binary" => ml.Transforms.Conversion.MapValue("Label", new Dictionary<string, bool> { [Positive!] = true, [Negative!] = false }, "Raw"),
            "multiclass" => ml.Transforms.Conversion.MapValueToKey("Label", "Raw"),
            _ => ml.Transforms.CopyColumns("Label", "Raw"),
        };
        var prepare = ml.Transforms.ReplaceMissingValues("Features", replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)).Append(label).Fit(split.TrainSet);
        IDataView train = ml.Data.Cache(prepare.Transform(split.TrainSet)), test = ml.Data.Cache(prepare.Transform(split.TestSet));
        _ = train.GetColumn<float[]>("Features").Count() + test.GetColumn<float[]>("Features").Count();
        return (train, test);
    }
}

internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];
}

internal sealed class ScalarScore
{
    public float Score { get; set; }
}

internal sealed class VectorScore
{
    public float[] Score { get; set; } = [];
}
