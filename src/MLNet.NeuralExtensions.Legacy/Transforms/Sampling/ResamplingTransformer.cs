using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.DataView;
using MLNet.NeuralExtensions.Persistence;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// A class-imbalance sampler in a pipeline. While the pipeline is fitted, the estimators after it see the resampled
/// rows (synthetic rows copy every other column from the row they were grown from); when the fitted pipeline scores
/// data, including through <see cref="Transform"/>, PredictionEngine and ONNX export, it passes rows through unchanged
/// and needs no label. <see cref="Resample"/> returns the resampled data directly.
/// </summary>
public sealed class ResamplingTransformer : ITransformer, ITrainingTimeTransformer
{
    internal const string LoaderSignature = "ResamplingTransform";
    private readonly Resampler _resampler;
    private readonly string _labelColumnName;
    private readonly string? _featureColumnName;
    private readonly SamplingStrategy _strategy;
    private readonly int _seed;

    internal ResamplingTransformer(Resampler resampler, string labelColumnName, string? featureColumnName, SamplingStrategy strategy, int seed)
    {
        _resampler = resampler;
        _labelColumnName = labelColumnName;
        _featureColumnName = featureColumnName;
        _strategy = strategy;
        _seed = seed;
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <summary>Returns <paramref name="inputSchema"/>: a sampler adds no column.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The same schema.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));

    /// <summary>Returns <paramref name="input"/> unchanged: samplers act only while a pipeline is fitted.</summary>
    /// <param name="input">The data.</param>
    /// <returns>The same data.</returns>
    public IDataView Transform(IDataView input) => input ?? throw new ArgumentNullException(nameof(input));

    /// <summary>Resamples <paramref name="input"/> as the fitting pipeline does: reads it whole, then returns the kept rows in
    /// data order followed by the new ones. The same data and seed give the same rows.</summary>
    /// <param name="input">Data with the label column (and the feature column for the neighbour-based samplers).</param>
    /// <returns>The resampled data, held in memory.</returns>
    public IDataView Resample(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckSchema(input.Schema);
        InMemoryDataView table = InMemoryDataView.Materialize(input);
        LabelClasses labels = LabelClasses.Read(table, table.Schema[_labelColumnName]);
        DataViewSchema.Column? features = _resampler.NeedsFeatures ? table.Schema[_featureColumnName!] : null;
        int width = features is { } f ? ColumnBuffers.Width(f.Type) : 0;
        ResamplingPlan plan = _resampler.Plan(labels, features is { } c ? VectorRows.Read(table, c) : null, width, _strategy, new Random(_seed));
        return table.Resampled(plan, features?.Index ?? -1);
    }

    IDataView ITrainingTimeTransformer.TransformForTrainingPipeline(IDataView input) => Resample(input);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        ctx.Writer.Write(_labelColumnName);
        ctx.Writer.Write(_featureColumnName ?? "");
        ctx.Writer.Write(_seed);
        _strategy.Write(ctx.Writer);
        _resampler.Write(ctx.Writer);
    }

    internal static ResamplingTransformer Load(ModelLoadContext ctx)
    {
        string label = ctx.Reader.ReadString();
        string features = ctx.Reader.ReadString();
        int seed = ctx.Reader.ReadInt32();
        SamplingStrategy strategy = SamplingStrategy.Read(ctx);
        Resampler resampler = Resampler.Load(ctx);
        return new ResamplingTransformer(resampler, label, features.Length == 0 ? null : features, strategy, seed);
    }

    /// <summary>Checks that the label column, and the feature column where the sampler reads it, exist with usable types.</summary>
    internal void CheckSchema(DataViewSchema schema)
    {
        SchemaErrors.Require(schema, _labelColumnName, LabelClasses.IsSupported, "a scalar label (Boolean, text, key or number)", "label");
        if (_resampler.NeedsFeatures)
        {
            SchemaErrors.Require(schema, _featureColumnName!, SchemaErrors.IsKnownSizeNumericVector,
                "a known-size vector of Single or Double", "feature");
        }
    }
}
