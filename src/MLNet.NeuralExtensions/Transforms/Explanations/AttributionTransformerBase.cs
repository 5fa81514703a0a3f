using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// The part this package's explaining transformers share: they read a model's feature column (a known-size vector of
/// Single) and add a vector of <see cref="AttributionCount"/> values holding each feature's contribution to the row's
/// explained output — of the features' size and slot names, or for Grad-CAM one value per pixel of the image. Rows are explained in ML.NET's cursors, each cursor with its own buffers, so cursors may run on several
/// threads at once. Saved in ML.NET model files; no ONNX form. Not meant to be derived from outside this package.
/// </summary>
public abstract class AttributionTransformerBase : OneToOneTransformerBase
{
    private protected AttributionTransformerBase(IHost host, string outputColumnName, string inputColumnName, int featureCount)
        : base(host, (outputColumnName, inputColumnName)) => FeatureCount = featureCount;

    private protected AttributionTransformerBase(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (after the column pair) ***
        // int: feature count
        FeatureCount = ctx.Reader.ReadInt32();
        Host.CheckDecode(FeatureCount > 0, "the feature count is not positive");
    }

    /// <summary>Explains one row: <paramref name="features"/> (finite) is row <paramref name="row"/>'s feature vector and
    /// <paramref name="attributions"/> receives its <see cref="AttributionCount"/> contributions.</summary>
    private protected delegate void RowExplainer(ReadOnlySpan<float> features, long row, Span<float> attributions);

    /// <summary>Gets the feature column read: the explained model's feature column.</summary>
    public string InputColumnName => ColumnPairs[0].inputColumnName;

    /// <summary>Gets the attribution column added.</summary>
    public string OutputColumnName => ColumnPairs[0].outputColumnName;

    /// <summary>Gets the number of features, the size of the feature column.</summary>
    public int FeatureCount { get; }

    /// <summary>Gets the size of the attribution column: <see cref="FeatureCount"/>, or for Grad-CAM the image's
    /// height × width. The column has the features' slot names when the two sizes are equal.</summary>
    public virtual int AttributionCount => FeatureCount;

    /// <summary>Whether the attribution column has the feature column's slot names: one attribution per feature.</summary>
    internal bool KeepsSlotNames => AttributionCount == FeatureCount;

    /// <summary>What the explanation is called in messages, for example "Integrated Gradients".</summary>
    private protected abstract string MethodName { get; }

    private VectorDataViewType FeatureType => new(NumberDataViewType.Single, FeatureCount);

    private VectorDataViewType AttributionType => new(NumberDataViewType.Single, AttributionCount);

    /// <summary>Returns the explainer of one cursor, which may keep its own buffers.</summary>
    private protected abstract RowExplainer CreateRowExplainer();

    /// <summary>Starts the model: <paramref name="version"/>, the column pair and the feature count; the derived
    /// transformer writes its state after them.</summary>
    private protected void SaveColumnsAndSize(ModelSaveContext ctx, VersionInfo version)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(version);
        SaveColumns(ctx);
        ctx.Writer.Write(FeatureCount);
    }

    /// <summary>The version of a derived transformer's model format, written by this assembly at <paramref name="written"/> (1.1 by
    /// default) and read back from 1.1 on.</summary>
    private protected static VersionInfo Version(string modelSignature, string loaderSignature, uint written = TransformerModelFormat.FirstVersion) =>
        TransformerModelFormat.Version(modelSignature, loaderSignature, written);

    /// <summary>Checks that <paramref name="ctx"/> holds a model of <paramref name="version"/> and returns the host a
    /// loaded transformer gets.</summary>
    private protected static IHost LoadingHost(IHostEnvironment env, ModelLoadContext ctx, VersionInfo version) => TransformerModelFormat.LoadingHost(env, ctx, version);

    /// <inheritdoc/>
    protected override void CheckInputColumn(DataViewSchema inputSchema, int col, int srcCol)
    {
        DataViewSchema.Column column = inputSchema[srcCol];
        if (!column.Type.Equals(FeatureType))
        {
            throw Host.ExceptSchemaMismatch(nameof(inputSchema), "input", column.Name, $"{FeatureType} (the explained model's features)", column.Type.ToString());
        }
    }

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper(AttributionTransformerBase parent, DataViewSchema inputSchema)
        : OneToOneMapperBase(parent.Host.Register(nameof(Mapper)), parent, inputSchema)
    {
        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
        {
            var annotations = new DataViewSchema.Annotations.Builder();
            annotations.Add(InputSchema[ColMapNewToOld[0]].Annotations, kind => parent.KeepsSlotNames && kind == AnnotationUtils.Kinds.SlotNames);
            return [new(parent.OutputColumnName, parent.AttributionType, annotations.ToAnnotations())];
        }

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            DataViewSchema.Column column = input.Schema[ColMapNewToOld[iinfo]];
            ValueGetter<VBuffer<float>> source = input.GetGetter<VBuffer<float>>(column);
            RowExplainer explain = parent.CreateRowExplainer();
            int width = parent.FeatureCount;
            float[] features = new float[width], attributions = new float[parent.AttributionCount];
            VBuffer<float> row = default;
            long position = -1;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                // A row is explained once however often its value is read.
                if (input.Position != position)
                {
                    source(ref row);
                    row.CopyTo(features);
                    ColumnReader.RequireFinite(features, width, column.Name, parent.MethodName, input.Position);
                    explain(features, input.Position, attributions);
                    position = input.Position;
                }

                VBufferEditor<float> editor = VBufferEditor.Create(ref value, attributions.Length);
                attributions.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return getter;
        }
    }
}
