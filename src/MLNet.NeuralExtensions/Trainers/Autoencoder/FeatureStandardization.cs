using System.Numerics.Tensors;
using Microsoft.ML.Model.OnnxConverter;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>The z-scores an autoencoder's network reads: each feature minus its training mean, divided by its training
/// (population) standard deviation, or by 1 where the feature was constant, as scikit-learn's StandardScaler (PyOD's
/// preprocessing) does.</summary>
internal sealed class FeatureStandardization
{
    // scikit-learn takes a deviation below 10 machine epsilons of the data's type (Single here: 2^-23) for a constant.
    private const double ConstantDeviation = 10 * 1.1920928955078125e-7;
    private readonly float[] _means;
    private readonly float[] _scales;

    private FeatureStandardization(float[] means, float[] scales)
    {
        _means = means;
        _scales = scales;
    }

    /// <summary>Gets each feature's training mean.</summary>
    public IReadOnlyList<float> Means => _means;

    /// <summary>Gets each feature's divisor.</summary>
    public IReadOnlyList<float> Scales => _scales;

    /// <summary>Gets the number of features.</summary>
    public int Count => _means.Length;

    /// <summary>The means and standard deviations of <paramref name="x"/>, rows of <paramref name="width"/> values.</summary>
    public static FeatureStandardization Fit(ReadOnlySpan<float> x, int width)
    {
        int rows = x.Length / width;
        var sums = new double[width];
        var squares = new double[width];
        for (int i = 0; i < x.Length; i++)
        {
            sums[i % width] += x[i];
        }

        float[] means = [.. sums.Select(s => (float)(s / rows))];
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - means[i % width];
            squares[i % width] += d * d;
        }

        float[] scales = [.. squares.Select(s => Math.Sqrt(s / rows) is var deviation && deviation >= ConstantDeviation ? (float)deviation : 1f)];
        return new FeatureStandardization(means, scales);
    }

    /// <summary>Writes the z-scores of one row of features.</summary>
    public void Apply(ReadOnlySpan<float> features, Span<float> z)
    {
        TensorPrimitives.Subtract(features, _means, z);
        TensorPrimitives.Divide(z, _scales, z);
    }

    /// <summary>Writes the difference between one row's z-scores and their reconstruction, mapped back to the features'
    /// scale: feature − reconstruction.</summary>
    public void Residual(ReadOnlySpan<float> z, ReadOnlySpan<float> reconstruction, Span<float> residual)
    {
        TensorPrimitives.Subtract(z, reconstruction, residual);
        TensorPrimitives.Multiply(residual, _scales, residual);
    }

    /// <summary>The mean over the features of the squared <see cref="Residual"/>: an autoencoder's score of the row.
    /// <paramref name="residual"/> is scratch space of one row.</summary>
    public float MeanSquaredError(ReadOnlySpan<float> z, ReadOnlySpan<float> reconstruction, Span<float> residual)
    {
        Residual(z, reconstruction, residual);
        return TensorPrimitives.SumOfSquares<float>(residual) / residual.Length;
    }

    /// <summary>The z-scores of <paramref name="x"/>, row after row.</summary>
    public float[] ApplyToRows(ReadOnlySpan<float> x)
    {
        var z = new float[x.Length];
        for (int start = 0; start < z.Length; start += Count)
        {
            Apply(x.Slice(start, Count), z.AsSpan(start, Count));
        }

        return z;
    }

    /// <summary>Adds the nodes that turn the float [N × features] variable <paramref name="features"/> into its
    /// z-scores and returns their variable's name.</summary>
    public string SaveAsOnnx(OnnxContext ctx, string features)
    {
        string centred = ctx.AddIntermediateVariable(null, "centred_features", true);
        ctx.CreateNode("Sub", [features, ctx.AddInitializer(_means, [_means.Length], "feature_means")], [centred], ctx.GetNodeName("Sub"), "");
        string z = ctx.AddIntermediateVariable(null, "standardized_features", true);
        ctx.CreateNode("Div", [centred, ctx.AddInitializer(_scales, [_scales.Length], "feature_scales")], [z], ctx.GetNodeName("Div"), "");
        return z;
    }

    /// <summary>Writes the means and divisors.</summary>
    public void Write(BinaryWriter writer)
    {
        // int: features; then the means and the divisors, one float each
        writer.Write(Count);
        foreach (float v in _means.Concat(_scales))
        {
            writer.Write(v);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">The values are not a valid standardization.</exception>
    public static FeatureStandardization Read(BinaryReader reader)
    {
        int features = reader.ReadInt32();
        if (features is < 1 or > 1 << 24)
        {
            throw new FormatException($"The autoencoder's standardization claims {features} features.");
        }

        float[] means = [.. Enumerable.Range(0, features).Select(_ => reader.ReadSingle())];
        float[] scales = [.. Enumerable.Range(0, features).Select(_ => reader.ReadSingle())];
        if (!means.All(float.IsFinite) || !scales.All(s => s > 0f && float.IsFinite(s)))
        {
            throw new FormatException("The autoencoder's standardization holds a mean that is not finite or a divisor that is not a positive number.");
        }

        return new FeatureStandardization(means, scales);
    }
}
