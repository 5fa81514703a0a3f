using System.Diagnostics;
using MLNet.NeuralExtensions.Engine;

namespace EngineBench;

internal static class LayerProfile
{
    public static void Run(Sequential network, TensorShape example, int batch, int threads)
    {
        network.Build(example, 1);
        var context = new RunContext(true, new Random(1), threads);
        var input = new Tensor(example.WithBatch(batch), Enumerable.Range(0, batch * example.Size).Select(i => (float)Math.Sin(i)).ToArray());
        var layers = network.Layers;
        var fwd = new double[layers.Count];
        var bwd = new double[layers.Count];
        for (int iter = 0; iter < 30; iter++)
        {
            var outputs = new Tensor[layers.Count];
            Tensor x = input;
            for (int i = 0; i < layers.Count; i++)
            {
                long t = Stopwatch.GetTimestamp();
                x = layers[i].Forward(x, context);
                if (iter >= 5) fwd[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                outputs[i] = x;
            }

            Tensor? g = new Tensor(x.Shape, x.ToArray());
            for (int i = layers.Count - 1; i >= 0 && g is not null; i--)
            {
                long t = Stopwatch.GetTimestamp();
                g = layers[i].Backward(g, context, i > 0);
                if (iter >= 5) bwd[i] += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        }

        for (int i = 0; i < layers.Count; i++)
        {
            Console.WriteLine($"{layers[i],-50} fwd {fwd[i] / 25:F2} ms  bwd {bwd[i] / 25:F2} ms");
        }
    }
}
