using System.Numerics;

namespace MLNet.NeuralExtensions.Engine;

/// <summary>
/// The Adam update shared by <see cref="Adam"/> and <see cref="AdamW"/>, vectorized because it touches every weight at
/// every step: <c>m = β₁m + (1 − β₁)g</c>, <c>v = β₂v + (1 − β₂)g²</c>,
/// <c>w -= lr / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)</c> (PyTorch's placement of ε); AMSGrad uses the running maximum
/// of v.
/// </summary>
internal static class AdamRule
{
    public static void Update(Span<float> weights, ReadOnlySpan<float> gradient, OptimizerState state, float learningRate, long step,
        float beta1, float beta2, float epsilon, bool amsGrad)
    {
        Span<float> m = state[0], v = state[1];
        float stepSize = learningRate / (1f - MathF.Pow(beta1, step));
        float inverseRootCorrection = 1f / MathF.Sqrt(1f - MathF.Pow(beta2, step));
        int i = 0;
        if (!amsGrad && Vector.IsHardwareAccelerated)
        {
            var b1 = new Vector<float>(beta1);
            var c1 = new Vector<float>(1f - beta1);
            var b2 = new Vector<float>(beta2);
            var c2 = new Vector<float>(1f - beta2);
            var eps = new Vector<float>(epsilon);
            var rootCorrection = new Vector<float>(inverseRootCorrection);
            var size = new Vector<float>(stepSize);
            for (; i <= weights.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = new Vector<float>(gradient[i..]);
                var mi = (b1 * new Vector<float>(m[i..])) + (c1 * g);
                var vi = (b2 * new Vector<float>(v[i..])) + (c2 * g * g);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                var w = new Vector<float>(weights[i..]) - (size * mi / ((Vector.SquareRoot(vi) * rootCorrection) + eps));
                w.CopyTo(weights[i..]);
            }
        }

        for (; i < weights.Length; i++)
        {
            float g = gradient[i];
            m[i] = (beta1 * m[i]) + ((1f - beta1) * g);
            v[i] = (beta2 * v[i]) + ((1f - beta2) * g * g);
            float second = v[i];
            if (amsGrad)
            {
                Span<float> maximum = state[2];
                maximum[i] = Math.Max(maximum[i], second);
                second = maximum[i];
            }

            weights[i] -= stepSize * m[i] / ((MathF.Sqrt(second) * inverseRootCorrection) + epsilon);
        }
    }
}
