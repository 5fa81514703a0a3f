using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Transforms;

[assembly: LoadableClass(typeof(ResamplingTransformer), null, typeof(SignatureLoadModel), "Resampling transformer", ResamplingTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// A fitted class-imbalance sampler. It changes rows only while the pipeline that holds it is fitted: in an
/// <see cref="EstimatorChain{TLastTransformer}"/>, the estimators after it are fitted on the resampled rows. When the
/// fitted pipeline scores data (<see cref="Transform"/>, a PredictionEngine, a model saved and loaded, ONNX export), it
/// passes rows through unchanged and needs no label. <see cref="Resample"/> returns the resampled rows directly.
/// </summary>
/// <remarks>
/// The resampled data hold the source rows the sampler keeps, in data order, each followed by its repeats and by the
/// synthetic rows grown from it. A synthetic row has new values in the feature column only: its label, and every other
/// column, are those of the row it was grown from (imbalanced-learn, which sees only the features and the label, has no
/// other columns to fill). So columns other than the features that are read after the sampler, such as a weight or a
/// group, describe the seed row; columns the features were made from are not recomputed, so put the sampler after the
/// featurization. Only the sampler's own estimator chain sees the resampled rows: a chain appended as one estimator to
/// another is fitted as a whole, and its output, which the rest of the outer chain is fitted on, is not resampled.
/// The resampled data cannot shuffle; append a cache checkpoint after the sampler for trainers that shuffle.
/// </remarks>
public sealed class ResamplingTransformer : ITransformerWithDifferentMappingAtTrainingTime
{
    internal const string LoaderSignature = "NeuralExtResampling";
    private const string RegistrationName = "Resampling";
    private readonly IHost _host;
    private readonly Resampler _resampler;
    private readonly string _labelColumnName;
    private readonly string? _featureColumnName;
    private readonly SamplingStrategy _strategy;
    private readonly int _seed;

    internal ResamplingTransformer(IHostEnvironment env, Resampler resampler, string labelColumnName, string? featureColumnName, SamplingStrategy strategy, int seed)
    {
        _host = Contracts.CheckRef(env, nameof(env)).Register(RegistrationName);
        _resampler = resampler;
        _labelColumnName = labelColumnName;
        _featureColumnName = resampler.NeedsFeatures ? featureColumnName : null;
        _strategy = strategy;
        _seed = seed;
    }

    /// <summary>Gets a value indicating whether the transformer maps rows one to one when scoring: it does, unchanged.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>Returns <paramref name="inputSchema"/>: a sampler adds no column.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>The same schema.</returns>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _host.CheckRef(inputSchema, nameof(inputSchema));

    /// <summary>Returns the identity mapper: when scoring, rows pass through unchanged.</summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <returns>A mapper that outputs its input row.</returns>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new CompositeRowToRowMapper(_host.CheckRef(inputSchema, nameof(inputSchema)), []);

    /// <summary>Returns <paramref name="input"/> unchanged: samplers act only while a pipeline is fitted.</summary>
    /// <param name="input">The data.</param>
    /// <returns>The same data.</returns>
    public IDataView Transform(IDataView input) => _host.CheckRef(input, nameof(input));

    /// <summary>Resamples <paramref name="input"/> as the fitting pipeline does. The label column (and the feature column
    /// of the neighbour-based samplers) is read at once, so bad values throw here; the rows are then streamed from
    /// <paramref name="input"/> whenever the result is read. The same data and seed give the same rows.</summary>
    /// <param name="input">Data with the label column, and the feature column for the neighbour-based samplers.</param>
    /// <returns>The resampled data, with the schema of <paramref name="input"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it.</exception>
    /// <exception cref="InvalidDataException">A label is missing or a feature value not finite; the message names the
    /// column and the row.</exception>
    /// <exception cref="ArgumentException">The strategy does not fit the classes, or a class is too small for the sampler;
    /// the message names the class and its size.</exception>
    public IDataView Resample(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        CheckSchema(SchemaShape.Create(input.Schema), nameof(input));
        LabelClasses labels = LabelClasses.Read(input, input.Schema[_labelColumnName]);
        double[] x = [];
        int width = 0, features = -1;
        if (_featureColumnName is not null)
        {
            DataViewSchema.Column column = input.Schema[_featureColumnName];
            float[] values = ColumnReader.ReadSingleVectors(input, column, out int rows);
            width = ((VectorDataViewType)column.Type).Size;
            ColumnReader.RequireFinite(values, width, column.Name, _resampler.Name);
            _host.Check(rows == labels.ClassOfRow.Length, "The data gave different numbers of rows on two passes.");
            x = Array.ConvertAll(values, v => (double)v);
            features = column.Index;
        }

        ResamplingPlan plan = _resampler.Plan(labels, x, width, _strategy, new Random(_seed));
        return new ResampledDataView(_host, input, plan, features);
    }

    IDataView ITransformerWithDifferentMappingAtTrainingTime.TransformForTrainingPipeline(IDataView input) => Resample(input);

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        _host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.Writer.Write(_labelColumnName);
        ctx.Writer.Write(_featureColumnName ?? "");
        ctx.Writer.Write(_seed);
        _strategy.Write(ctx.Writer);
        _resampler.Write(ctx.Writer);
    }

    /// <summary>Checks that the label column, and the feature column where the sampler reads it, exist with usable
    /// types.</summary>
    internal void CheckSchema(SchemaShape schema, string parameter)
    {
        if (!schema.TryFindColumn(_labelColumnName, out SchemaShape.Column label))
        {
            throw _host.ExceptSchemaMismatch(parameter, "label", _labelColumnName);
        }

        if (label.Kind != SchemaShape.Column.VectorKind.Scalar || !LabelClasses.IsSupported(label.ItemType))
        {
            throw _host.ExceptSchemaMismatch(parameter, "label", _labelColumnName, LabelClasses.SupportedTypes, label.GetTypeString());
        }

        if (_featureColumnName is null)
        {
            return;
        }

        if (!schema.TryFindColumn(_featureColumnName, out SchemaShape.Column features))
        {
            throw _host.ExceptSchemaMismatch(parameter, "feature", _featureColumnName);
        }

        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
        {
            throw _host.ExceptSchemaMismatch(parameter, "feature", _featureColumnName, "a vector of Single of known size", features.GetTypeString());
        }
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "NXRESAMP",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(ResamplingTransformer).Assembly.FullName);

    private static ResamplingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        ctx.CheckAtModel(GetVersionInfo());
        string label = ctx.Reader.ReadString();
        string features = ctx.Reader.ReadString();
        int seed = ctx.Reader.ReadInt32();
        SamplingStrategy strategy = SamplingStrategy.Read(ctx.Reader);
        Resampler resampler = Resampler.Read(ctx.Reader);
        return new ResamplingTransformer(env, resampler, label, features.Length == 0 ? null : features, strategy, seed);
    }
}
