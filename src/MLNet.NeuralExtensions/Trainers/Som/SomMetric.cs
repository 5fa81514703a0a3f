using System.Numerics.Tensors;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>The distances between rows and nodes of <see cref="SomDistance"/>, and the search for a row's best-matching
/// nodes.</summary>
internal static class SomMetric
{
    /// <summary>The distance between <paramref name="x"/> and <paramref name="w"/>.</summary>
    public static float Distance(SomDistance kind, ReadOnlySpan<float> x, ReadOnlySpan<float> w)
    {
        switch (kind)
        {
            case SomDistance.Euclidean:
                return TensorPrimitives.Distance(x, w);
            case SomDistance.Cosine:
                float norms = TensorPrimitives.Norm(x) * TensorPrimitives.Norm(w);
                return norms > 0f ? 1f - (TensorPrimitives.Dot(x, w) / norms) : 1f;
            default:
                float total = 0f, largest = 0f;
                for (int i = 0; i < x.Length; i++)
                {
                    float d = MathF.Abs(x[i] - w[i]);
                    total += d;
                    largest = MathF.Max(largest, d);
                }

                return kind == SomDistance.Manhattan ? total : largest;
        }
    }

    /// <summary>The distances from <paramref name="x"/> to every node of <paramref name="codebook"/> (nodes × x's length).</summary>
    public static void ToNodes(SomDistance kind, ReadOnlySpan<float> x, float[] codebook, Span<float> distances)
    {
        int width = x.Length;
        for (int node = 0; node < distances.Length; node++)
        {
            distances[node] = Distance(kind, x, codebook.AsSpan(node * width, width));
        }
    }

    /// <summary>The nearest node to <paramref name="x"/>, its distance, and the second-nearest node (−1 for a one-node map);
    /// ties go to the lower node.</summary>
    public static (int Best, float BestDistance, int Second) BestTwo(SomDistance kind, ReadOnlySpan<float> x, float[] codebook)
    {
        int width = x.Length, nodes = codebook.Length / width;
        int best = -1, second = -1;
        float bestDistance = float.PositiveInfinity, secondDistance = float.PositiveInfinity;
        for (int node = 0; node < nodes; node++)
        {
            float d = Distance(kind, x, codebook.AsSpan(node * width, width));
            if (d < bestDistance)
            {
                (second, secondDistance) = (best, bestDistance);
                (best, bestDistance) = (node, d);
            }
            else if (d < secondDistance)
            {
                (second, secondDistance) = (node, d);
            }
        }

        return (best, bestDistance, second);
    }
}
