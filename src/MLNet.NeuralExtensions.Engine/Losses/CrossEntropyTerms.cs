namespace MLNet.NeuralExtensions.Engine;

/// <summary>−Σ t_j log p_j and its gradient −t_j / p_j.</summary>
internal static class CrossEntropyTerms
{
    public static double Compute(ReadOnlySpan<double> probability, ReadOnlySpan<double> target, Span<double> gradient)
    {
        double loss = 0;
        for (int j = 0; j < probability.Length; j++)
        {
            loss -= target[j] * Math.Log(probability[j]);
            gradient[j] = -target[j] / probability[j];
        }

        return loss;
    }
}
