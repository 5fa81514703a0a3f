using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Onnx;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>Keeps or drops columns; created by <c>mlContext.Transforms.SelectColumns</c> and <c>DropColumns</c>.</summary>
public sealed class ColumnSelectingTransformer : ITransformer, ICanExportOnnx
{
    internal const string LoaderSignature = "SelectColumnsTransform";
    private readonly string[] _keep;
    private readonly string[] _drop;
    private readonly bool _keepHidden;
    private readonly bool _isKeep;

    internal ColumnSelectingTransformer(string[]? keepColumns, string[]? dropColumns, bool keepHidden)
    {
        if ((keepColumns is null) == (dropColumns is null))
        {
            throw new ArgumentException("Give either the columns to keep or the columns to drop.");
        }

        _isKeep = keepColumns is not null;
        _keep = keepColumns ?? [];
        _drop = dropColumns ?? [];
        _keepHidden = keepHidden;
    }

    /// <summary>Gets the columns kept, in output order (empty when the transformer drops columns).</summary>
    public IReadOnlyList<string> SelectColumns => _keep;

    /// <summary>Gets the columns dropped (empty when the transformer keeps columns).</summary>
    public IReadOnlyList<string> DropColumns => _drop;

    /// <summary>Gets whether hidden columns of the kept names are kept too.</summary>
    public bool KeepHidden => _keepHidden;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => ProjectedDataView.ProjectSchema(inputSchema, Selection(inputSchema));

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ProjectedDataView(input, Selection(input.Schema));
    }

    // Nothing to compute: the export keeps only the columns of the output schema after every step.
    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(LoaderSignature, 1, 1);
        PairCodec.WriteNames(ctx.Writer, _keep);
        PairCodec.WriteNames(ctx.Writer, _drop);
        ctx.Writer.Write(_keepHidden);
        ctx.Writer.Write(_isKeep);
    }

    internal static ColumnSelectingTransformer Load(ModelLoadContext ctx)
    {
        string[] keep = PairCodec.ReadNames(ctx);
        string[] drop = PairCodec.ReadNames(ctx);
        bool keepHidden = ctx.Reader.ReadBoolean();
        bool isKeep = ctx.Reader.ReadBoolean();
        return new ColumnSelectingTransformer(isKeep ? keep : null, isKeep ? null : drop, keepHidden);
    }

    private int[] Selection(DataViewSchema schema)
    {
        foreach (string name in _keep.Concat(_drop))
        {
            SchemaErrors.Require(schema, name);
        }

        if (!_isKeep)
        {
            var dropped = new HashSet<string>(_drop, StringComparer.Ordinal);
            return schema.Where(c => !dropped.Contains(c.Name) && (_keepHidden || !c.IsHidden)).Select(c => c.Index).ToArray();
        }

        return _keep.SelectMany(name => schema.Where(c => c.Name == name && (_keepHidden || !c.IsHidden)).Select(c => c.Index)).ToArray();
    }
}

/// <summary>Creates a <see cref="ColumnSelectingTransformer"/>.</summary>
public sealed class ColumnSelectingEstimator : TrivialEstimator<ColumnSelectingTransformer>
{
    internal ColumnSelectingEstimator(string[]? keepColumns, string[]? dropColumns, bool keepHidden)
        : base(new ColumnSelectingTransformer(keepColumns, dropColumns, keepHidden))
    {
    }
}
