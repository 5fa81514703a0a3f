namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Initializes and trains a self-organizing map's codebook (nodes × features, node-major) as
/// <see cref="SomOptions"/> describe it. Rows carry weights (all 1 without a weight column): the batch map takes
/// weighted means, an online step is scaled by the row's weight over the mean weight (capped so that no node passes the
/// row), and the PCA start uses the weighted mean and covariance.</summary>
internal static class SomTraining
{
    /// <summary>The trained codebook of <paramref name="grid"/> for <paramref name="x"/> (rows × <paramref name="width"/>)
    /// weighted by <paramref name="weights"/> (one per row, finite, not negative, some positive).</summary>
    public static float[] Train(SomOptions options, SomGrid grid, float[] x, int width, double[] weights, Random random)
    {
        float[] codebook = options.Initialization == SomInitialization.Pca ? PcaStart(grid, x, width, weights) : RandomStart(grid.NodeCount, x, width, random);
        if (options.Training == SomTrainingMode.Online)
        {
            Online(options, grid, x, width, weights, codebook, random);
        }
        else
        {
            Batch(options, grid, x, width, weights, codebook);
        }

        return codebook;
    }

    /// <summary>The neighbourhood weight of a node at grid distance <paramref name="d"/> for radius <paramref name="radius"/>.</summary>
    public static float Weight(SomNeighborhood kind, double d, double radius) => (float)(kind switch
    {
        SomNeighborhood.Gaussian => Math.Exp(-d * d / (2 * radius * radius)),
        SomNeighborhood.Bubble => d <= radius ? 1 : 0,
        SomNeighborhood.MexicanHat => (1 - (d * d / (radius * radius))) * Math.Exp(-d * d / (2 * radius * radius)),
        _ => Math.Max(0, 1 - (d / radius)),
    });

    /// <summary>The value of a decaying setting from <paramref name="start"/> to <paramref name="end"/> at progress <paramref name="p"/>.</summary>
    public static double Decay(SomDecay kind, double start, double end, double p) => kind switch
    {
        SomDecay.Linear => start + ((end - start) * p),
        SomDecay.Exponential => start * Math.Pow(end / start, p),
        _ => start / (1 + (2 * p)),
    };

    /// <summary>Online training of <paramref name="codebook"/> in place.</summary>
    internal static void Online(SomOptions options, SomGrid grid, float[] x, int width, double[] weights, float[] codebook, Random random)
    {
        int rows = x.Length / width;
        double meanWeight = weights.Average();
        long steps = (long)options.Epochs * rows, step = 0;
        int[] order = [.. Enumerable.Range(0, rows)];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (int row in order)
            {
                double p = steps > 1 ? step++ / (double)(steps - 1) : 1;
                float rate = (float)Decay(options.Decay, options.LearningRate, options.FinalLearningRate, p);
                double radius = Decay(options.Decay, options.StartRadius, options.FinalRadius, p);
                ReadOnlySpan<float> sample = x.AsSpan(row * width, width);
                int best = SomMetric.BestTwo(options.Distance, sample, codebook).Best;
                float scale = (float)(weights[row] / meanWeight);
                for (int node = 0; node < grid.NodeCount; node++)
                {
                    float pull = MathF.Min(1f, rate * scale * Weight(options.Neighborhood, grid.Distance(best, node), radius));
                    if (pull != 0f)
                    {
                        Span<float> w = codebook.AsSpan(node * width, width);
                        for (int i = 0; i < width; i++)
                        {
                            w[i] += pull * (sample[i] - w[i]);
                        }
                    }
                }
            }
        }
    }

    private static void Batch(SomOptions options, SomGrid grid, float[] x, int width, double[] weights, float[] codebook)
    {
        int rows = x.Length / width, nodes = grid.NodeCount;
        var sums = new double[nodes * width];
        var counts = new double[nodes];
        var numerator = new double[width];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            double radius = Decay(options.Decay, options.StartRadius, options.FinalRadius, options.Epochs > 1 ? epoch / (double)(options.Epochs - 1) : 1);
            Array.Clear(sums);
            Array.Clear(counts);
            for (int row = 0; row < rows; row++)
            {
                ReadOnlySpan<float> sample = x.AsSpan(row * width, width);
                int best = SomMetric.BestTwo(options.Distance, sample, codebook).Best;
                counts[best] += weights[row];
                for (int i = 0; i < width; i++)
                {
                    sums[(best * width) + i] += weights[row] * sample[i];
                }
            }

            var updated = (float[])codebook.Clone();
            for (int node = 0; node < nodes; node++)
            {
                Array.Clear(numerator);
                double denominator = 0;
                for (int source = 0; source < nodes; source++)
                {
                    if (counts[source] == 0)
                    {
                        continue;
                    }

                    double h = Weight(options.Neighborhood, grid.Distance(source, node), radius);
                    denominator += h * counts[source];
                    for (int i = 0; i < width; i++)
                    {
                        numerator[i] += h * sums[(source * width) + i];
                    }
                }

                if (denominator > 1e-12)
                {
                    for (int i = 0; i < width; i++)
                    {
                        updated[(node * width) + i] = (float)(numerator[i] / denominator);
                    }
                }
            }

            updated.CopyTo(codebook, 0);
        }
    }

    // Each node at a training row drawn at random: distinct rows while there are as many as nodes.
    private static float[] RandomStart(int nodes, float[] x, int width, Random random)
    {
        int rows = x.Length / width;
        int[] picks = [.. Enumerable.Range(0, rows)];
        random.Shuffle(picks);
        var codebook = new float[nodes * width];
        for (int node = 0; node < nodes; node++)
        {
            int row = node < rows ? picks[node] : random.Next(rows);
            x.AsSpan(row * width, width).CopyTo(codebook.AsSpan(node * width, width));
        }

        return codebook;
    }

    // The nodes spread over the plane of the (weighted) first two principal components, ±1 standard deviation along each.
    private static float[] PcaStart(SomGrid grid, float[] x, int width, double[] weights)
    {
        int rows = x.Length / width;
        double total = weights.Sum();
        var mean = new double[width];
        for (int i = 0; i < x.Length; i++)
        {
            mean[i % width] += weights[i / width] * x[i] / total;
        }

        var covariance = new double[width, width];
        for (int row = 0; row < rows; row++)
        {
            for (int i = 0; i < width; i++)
            {
                double di = x[(row * width) + i] - mean[i];
                for (int j = 0; j <= i; j++)
                {
                    covariance[i, j] += weights[row] * di * (x[(row * width) + j] - mean[j]) / total;
                }
            }
        }

        for (int i = 0; i < width; i++)
        {
            for (int j = 0; j < i; j++)
            {
                covariance[j, i] = covariance[i, j];
            }
        }

        var (first, firstValue) = LeadingEigenvector(covariance);
        for (int i = 0; i < width; i++)
        {
            for (int j = 0; j < width; j++)
            {
                covariance[i, j] -= firstValue * first[i] * first[j];
            }
        }

        var (second, secondValue) = width > 1 ? LeadingEigenvector(covariance) : (new double[width], 0);
        double a = Math.Sqrt(Math.Max(firstValue, 0)), b = Math.Sqrt(Math.Max(secondValue, 0));
        var codebook = new float[grid.NodeCount * width];
        for (int node = 0; node < grid.NodeCount; node++)
        {
            double u = grid.Width > 1 ? -1 + (2.0 * (node % grid.Width) / (grid.Width - 1)) : 0;
            double v = grid.Height > 1 ? -1 + (2.0 * (node / grid.Width) / (grid.Height - 1)) : 0;
            for (int i = 0; i < width; i++)
            {
                codebook[(node * width) + i] = (float)(mean[i] + (u * a * first[i]) + (v * b * second[i]));
            }
        }

        return codebook;
    }

    // Power iteration from a fixed start: the unit eigenvector of the largest eigenvalue of a symmetric positive
    // semi-definite matrix, and that eigenvalue.
    private static (double[] Vector, double Value) LeadingEigenvector(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        double[] v = [.. Enumerable.Range(0, n).Select(i => 1.0 + (i * 0.1))];
        double value = 0;
        for (int iteration = 0; iteration < 1000; iteration++)
        {
            var next = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    next[i] += matrix[i, j] * v[j];
                }
            }

            double norm = Math.Sqrt(next.Sum(c => c * c));
            if (norm < 1e-300)
            {
                return (new double[n], 0);
            }

            double change = 0;
            for (int i = 0; i < n; i++)
            {
                next[i] /= norm;
                change = Math.Max(change, Math.Abs(next[i] - v[i]));
            }

            (v, value) = (next, norm);
            if (change < 1e-10)
            {
                break;
            }
        }

        return (v, value);
    }
}
