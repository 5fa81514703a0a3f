using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions;
using MLNet.NeuralExtensions.Engine;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;

// Usage: CudaCheck [device]   (default 0)
// Trains the package's binary Mlp on synthetic data, then scores its network and a Fashion-MNIST-sized CNN on CUDA
// device `device` (MLContext.GpuDeviceId, FallbackToCpu off) and on the CPU, row by row and in batches of 1,024, and
// prints rows per second and the largest difference. Exit code 0: CUDA scored and agreed with the CPU to 1e-4;
// 1: CUDA could not be used or disagreed.
int device = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
try
{
    var ml = new MLContext(seed: 1);
    IDataView data = ml.Data.LoadFromEnumerable(Tabular(20_000, new Random(1)));
    var model = ml.BinaryClassification.Trainers.Mlp().Fit(data);
    var cnn = new Sequential(
        new Conv2D(32, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
        new Conv2D(64, 3, padding: Padding.Same, activation: ActivationFunction.ReLU), new MaxPooling2D(2),
        new Flatten(), new Dense(128, ActivationFunction.ReLU), new Dense(10));
    cnn.Build(new TensorShape(1, 28, 28), seed: 1);
    bool agreed = Check("mlp (trained)", model.Model.Network, 100_000, device) & Check("cnn", cnn, 8_192, device);
    Console.WriteLine(agreed ? "CUDA check passed." : "CUDA check FAILED: CUDA and CPU scores differ by more than 1e-4.");
    return agreed ? 0 : 1;
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"CUDA check FAILED: GPU device {device} could not be used: {ex.Message}");
    return 1;
}

static bool Check(string name, Sequential network, int rows, int device)
{
    int inputSize = network.InputShape.Size, outputSize = network.OutputShape.Size;
    var random = new Random(2);
    float[] features = [.. Enumerable.Range(0, rows * inputSize).Select(_ => random.NextSingle())];
    using var cpu = new NetworkScoring(network, new ScoringSettings(ScoringBackend.OnnxRuntime, null, null), new MLContext(1), false);
    using var cuda = new NetworkScoring(network, new ScoringSettings(ScoringBackend.Auto, null, null),
        new MLContext(1) { GpuDeviceId = device, FallbackToCpu = false }, false);
    if (cuda.ExecutionProvider != "CUDAExecutionProvider")
    {
        throw new InvalidOperationException($"the network was scored on {cuda.ExecutionProvider}, not CUDAExecutionProvider.");
    }

    var expected = new float[rows * outputSize];
    var actual = new float[rows * outputSize];
    double cpuBatch = BatchRate(cpu, features, rows, inputSize, expected);
    double cudaBatch = BatchRate(cuda, features, rows, inputSize, actual);
    double difference = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    int single = Math.Min(rows, 2_000);
    double cpuRow = RowRate(cpu, features, single, inputSize, expected);
    double cudaRow = RowRate(cuda, features, single, inputSize, actual);
    difference = Math.Max(difference, expected.Zip(actual, (e, a) => Math.Abs(e - a)).Take(single * outputSize).Max());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: rows/s batch 1024 CUDA {cudaBatch:F0} CPU {cpuBatch:F0} ({cudaBatch / cpuBatch:F2}x); one row per call CUDA {cudaRow:F0} CPU {cpuRow:F0}; largest difference {difference:G3}"));
    return difference <= 1e-4;
}

static double BatchRate(NetworkScoring scoring, float[] features, int rows, int inputSize, float[] outputs)
{
    const int batch = 1024;
    int outputSize = outputs.Length / rows;
    void Pass()
    {
        for (int start = 0; start < rows; start += batch)
        {
            int count = Math.Min(batch, rows - start);
            scoring.Score(features.AsSpan(start * inputSize, count * inputSize), count, outputs.AsSpan(start * outputSize, count * outputSize));
        }
    }

    Pass();
    long time = Stopwatch.GetTimestamp();
    Pass();
    return rows / Stopwatch.GetElapsedTime(time).TotalSeconds;
}

static double RowRate(NetworkScoring scoring, float[] features, int rows, int inputSize, float[] outputs)
{
    IRowScorer scorer = scoring.CreateRowScorer();
    int outputSize = outputs.Length / (features.Length / inputSize);
    void Pass()
    {
        for (int row = 0; row < rows; row++)
        {
            scorer.Score(features.AsSpan(row * inputSize, inputSize), outputs.AsSpan(row * outputSize, outputSize));
        }
    }

    Pass();
    long time = Stopwatch.GetTimestamp();
    Pass();
    return rows / Stopwatch.GetElapsedTime(time).TotalSeconds;
}

static IEnumerable<Example> Tabular(int rows, Random random)
{
    for (int i = 0; i < rows; i++)
    {
        float[] x = [.. Enumerable.Range(0, 30).Select(_ => (2 * random.NextSingle()) - 1)];
        yield return new Example { Features = x, Label = x[0] + (0.5f * x[1]) - x[2] > 0 };
    }
}

internal sealed class Example
{
    [VectorType(30)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}
