using System.Diagnostics;
using MLNet.NeuralExtensions.Engine;

namespace EngineBench;

/// <summary>Times each layer's forward and backward pass in training mode on batches of Fashion-MNIST pixels (reshaped
/// to the example shape) and prints the mean per batch: where an epoch's time goes. A max pooling that the convolution
/// before it applies (see <see cref="Sequential.PoolsInto"/>) shows no time of its own: it is in the convolution's.</summary>
internal static class LayerProfile
{
    private const int Warmup = 5;
    private const int Measured = 25;

    public static void Run(Sequential network, TensorShape example, int batch, int threads)
    {
        network.Build(example, seed: 1);
        var context = new RunContext(true, new Random(1), threads);
        var (images, _, _) = FashionMnist.Load(FashionMnist.Directory(), "train");
        int size = batch * example.Size;
        Tensor[] inputs = [.. Enumerable.Range(0, Warmup + Measured).Select(b => new Tensor(example.WithBatch(batch), images.AsSpan(b * size % (images.Length - size), size).ToArray()))];
        var gradient = new Tensor(network.OutputShape.WithBatch(batch));
        IReadOnlyList<Layer> layers = network.Layers;
        var forward = new double[layers.Count];
        var backward = new double[layers.Count];
        for (int iteration = 0; iteration < inputs.Length; iteration++)
        {
            bool measured = iteration >= Warmup;
            Tensor x = inputs[iteration];
            for (int i = 0; i < layers.Count; i++)
            {
                bool pools = network.PoolsInto(i + 1);
                long start = Stopwatch.GetTimestamp();
                x = pools ? ((ConvolutionLayer)layers[i]).Forward(x, context, (PoolingLayer)layers[i + 1]) : layers[i].Forward(x, context);
                forward[i] += measured ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : 0;
                i += pools ? 1 : 0;
            }

            x.Span.CopyTo(gradient.Span);
            Tensor? g = gradient;
            for (int i = layers.Count - 1; i >= 0 && g is not null; i--)
            {
                if (network.PoolsInto(i))
                {
                    continue;
                }

                long start = Stopwatch.GetTimestamp();
                g = layers[i].Backward(g, context, needInputGradient: i > 0);
                backward[i] += measured ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : 0;
            }
        }

        for (int i = 0; i < layers.Count; i++)
        {
            Console.WriteLine($"{layers[i],-50} forward {forward[i] / Measured,6:F2} ms  backward {backward[i] / Measured,6:F2} ms");
        }

        Console.WriteLine($"{"total",-50} forward {forward.Sum() / Measured,6:F2} ms  backward {backward.Sum() / Measured,6:F2} ms");
    }
}
