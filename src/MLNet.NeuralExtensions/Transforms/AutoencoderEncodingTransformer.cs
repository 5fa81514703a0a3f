using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Scoring;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

[assembly: LoadableClass(typeof(AutoencoderEncodingTransformer), null, typeof(SignatureLoadModel),
    "Autoencoder encoding", AutoencoderEncodingTransformer.LoaderSignature)]

[assembly: LoadableClass(typeof(IRowMapper), typeof(AutoencoderEncodingTransformer), null, typeof(SignatureLoadRowMapper),
    "Autoencoder encoding", AutoencoderEncodingTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Adds a trained autoencoder's code of a feature vector: the output of its encoder (a vector of
/// <see cref="AutoencoderModelParameters.BottleneckSize"/> Single values) on the features standardized as in training, for
/// dimensionality reduction or as features learned without labels. The input column is a vector of Single of the size the
/// autoencoder was trained on. Saved in ML.NET's model file (the autoencoder in its own directory "Autoencoder") and
/// exported by ML.NET's <c>ConvertToOnnx</c>. Made by <c>mlContext.Transforms.AutoencoderEncode</c>.
/// </summary>
/// <remarks>Each cursor scores with its own scorer, so cursors may run on several threads at once. Disposing the
/// transformer releases the encoder's ONNX Runtime session, if one was made.</remarks>
public sealed class AutoencoderEncodingTransformer : OneToOneTransformerBase, IDisposable
{
    internal const string LoaderSignature = "AutoencoderEncode";
    private const string ModelDirectory = "Autoencoder";
    private readonly Lock _gate = new();
    private NetworkScoring? _scorer;

    internal AutoencoderEncodingTransformer(IHostEnvironment env, AutoencoderModelParameters model, string outputColumnName, string inputColumnName)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(AutoencoderEncodingTransformer)), (outputColumnName, inputColumnName))
    {
        Model = model;
    }

    private AutoencoderEncodingTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format ***
        // the column pair (OneToOneTransformerBase); the autoencoder in the sub-model "Autoencoder"
        ctx.LoadModel<AutoencoderModelParameters, SignatureLoadModel>(host, out AutoencoderModelParameters model, ModelDirectory);
        Model = model;
    }

    /// <summary>Gets the trained autoencoder.</summary>
    public AutoencoderModelParameters Model { get; }

    /// <summary>Gets the feature column read.</summary>
    public string InputColumnName => ColumnPairs[0].inputColumnName;

    /// <summary>Gets the code column added.</summary>
    public string OutputColumnName => ColumnPairs[0].outputColumnName;

    private VectorDataViewType InputType => new(NumberDataViewType.Single, Model.Standardization.Count);

    private VectorDataViewType OutputType => new(NumberDataViewType.Single, Model.BottleneckSize);

    private NetworkScoring Scorer
    {
        get
        {
            lock (_gate)
            {
                return _scorer ??= new NetworkScoring(Model.Encoder, Model.Scoring, Host, withSequenceLengths: false);
            }
        }
    }

    /// <summary>Releases the encoder's ONNX Runtime session, if one was made; the transformer makes a new one if it
    /// scores again.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _scorer?.Dispose();
            _scorer = null;
        }
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "AUTOENCD",
        verWrittenCur: 0x00010001,
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(AutoencoderEncodingTransformer).Assembly.FullName);

    // Factory method for SignatureLoadModel.
    private static AutoencoderEncodingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        IHost host = env.Register(nameof(AutoencoderEncodingTransformer));
        host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new AutoencoderEncodingTransformer(host, ctx);
    }

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) => Create(env, ctx).MakeRowMapper(inputSchema);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        SaveColumns(ctx);
        ctx.SaveModel(Model, ModelDirectory);
    }

    /// <inheritdoc/>
    protected override void CheckInputColumn(DataViewSchema inputSchema, int col, int srcCol)
    {
        DataViewSchema.Column column = inputSchema[srcCol];
        if (!column.Type.Equals(InputType))
        {
            throw Host.ExceptSchemaMismatch(nameof(inputSchema), "input", column.Name, $"{InputType} (the type the autoencoder was trained on)", column.Type.ToString());
        }
    }

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    private sealed class Mapper(AutoencoderEncodingTransformer parent, DataViewSchema inputSchema)
        : OneToOneMapperBase(parent.Host.Register(nameof(Mapper)), parent, inputSchema), ISaveAsOnnx
    {
        public bool CanSaveOnnx(OnnxContext ctx) => true;

        public void SaveAsOnnx(OnnxContext ctx)
        {
            Host.CheckValue(ctx, nameof(ctx));
            if (!ctx.ContainsColumn(parent.InputColumnName))
            {
                ctx.RemoveColumn(parent.OutputColumnName, false);
                return;
            }

            AutoencoderModelParameters model = parent.Model;
            string z = model.Standardization.SaveAsOnnx(ctx, ctx.GetVariableName(parent.InputColumnName));
            string code = NetworkOnnxExport.Emit(ctx, model.Encoder, z);
            ctx.CreateNode("Identity", code, ctx.AddIntermediateVariable(parent.OutputType, parent.OutputColumnName), ctx.GetNodeName("Identity"), "");
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() => [new(parent.OutputColumnName, parent.OutputType)];

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            DataViewSchema.Column column = input.Schema[ColMapNewToOld[iinfo]];
            ValueGetter<VBuffer<float>> source = input.GetGetter<VBuffer<float>>(column);
            IRowScorer scorer = parent.Scorer.CreateRowScorer();
            FeatureStandardization standardization = parent.Model.Standardization;
            int width = standardization.Count, codeSize = parent.Model.BottleneckSize;
            float[] features = new float[width], z = new float[width];
            VBuffer<float> row = default;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> code) =>
            {
                source(ref row);
                row.CopyTo(features);
                ColumnReader.RequireFinite(features, width, column.Name, "the autoencoder", input.Position);
                standardization.Apply(features, z);
                VBufferEditor<float> editor = VBufferEditor.Create(ref code, codeSize);
                scorer.Score(z, editor.Values);
                code = editor.Commit();
            };
            return getter;
        }
    }
}
