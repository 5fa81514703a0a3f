using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Trainers;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Draws Kernel SHAP's background sample — from the data given when made, else from the data it is fitted on —
/// and makes the <see cref="KernelShapTransformer"/>. Made by <c>mlContext.Transforms.ExplainByKernelShap</c>.</summary>
public sealed class KernelShapEstimator : IEstimator<KernelShapTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly IHost _host;
    private readonly ITransformer _model;
    private readonly IDataView? _background;

    internal KernelShapEstimator(IHostEnvironment env, ITransformer model, string featureColumnName, string outputColumnName, IDataView? background, int backgroundSize,
        ExplainedOutput output, int classIndex, int? coalitions, int seed)
    {
        _environment = env;
        _host = env.Register(nameof(KernelShapEstimator));
        if (backgroundSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(backgroundSize), backgroundSize, "Kernel SHAP needs at least 1 background row.");
        }

        _model = model;
        _background = background;
        FeatureColumnName = featureColumnName;
        OutputColumnName = outputColumnName;
        BackgroundSize = backgroundSize;
        Output = output;
        ClassIndex = classIndex;
        Coalitions = coalitions;
        Seed = seed;
    }

    /// <summary>Gets the explained model's feature column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Gets the Shapley value column added.</summary>
    public string OutputColumnName { get; }

    /// <summary>Gets the most background rows kept.</summary>
    public int BackgroundSize { get; }

    /// <summary>Gets the output explained.</summary>
    public ExplainedOutput Output { get; }

    /// <summary>Gets the class explained (multiclass), else 0.</summary>
    public int ClassIndex { get; }

    /// <summary>Gets the coalition budget per row; null for 2 × features + 2048, as the shap package's default.</summary>
    public int? Coalitions { get; }

    /// <summary>Gets the seed of the background sample and of the coalitions.</summary>
    public int Seed { get; }

    /// <summary>Draws the background (at most <see cref="BackgroundSize"/> rows, without replacement) and makes the
    /// transformer.</summary>
    /// <param name="input">Data with the feature column; the background's source unless one was given.</param>
    /// <returns>The transformer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing or not a known-size vector of Single.</exception>
    /// <exception cref="InvalidDataException">The background is empty or holds a NaN or infinite value; the message names
    /// the row and slot.</exception>
    public KernelShapTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        IDataView source = _background ?? input;
        if (!source.Schema.TryGetColumnIndex(FeatureColumnName, out int index))
        {
            throw _host.ExceptSchemaMismatch(nameof(input), "feature", FeatureColumnName);
        }

        DataViewSchema.Column column = source.Schema[index];
        if (column.Type is not VectorDataViewType { IsKnownSize: true } type || type.ItemType != NumberDataViewType.Single)
        {
            throw _host.ExceptSchemaMismatch(nameof(input), "feature", FeatureColumnName, "known-size vector of Single", column.Type.ToString());
        }

        int width = type.Size;
        float[] all = ColumnReader.ReadSingleVectors(source, column, out int rows);
        if (rows == 0)
        {
            throw new InvalidDataException($"The background data has no rows in column '{FeatureColumnName}'.");
        }

        int[] picked = [.. Enumerable.Range(0, rows)];
        new Random(Seed).Shuffle(picked);
        int kept = Math.Min(rows, BackgroundSize);
        float[] background = new float[kept * width];
        for (int r = 0; r < kept; r++)
        {
            all.AsSpan(picked[r] * width, width).CopyTo(background.AsSpan(r * width, width));
        }

        return new KernelShapTransformer(_environment, _model, OutputColumnName, FeatureColumnName, width, background, Output, ClassIndex, Coalitions ?? ((2 * width) + 2048), Seed);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => AttributionSchema.Output(_host, inputSchema, FeatureColumnName, OutputColumnName, keepsSlotNames: true);
}
