using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Internal.Utilities;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

[assembly: LoadableClass(typeof(KernelShapTransformer), null, typeof(SignatureLoadModel),
    "Kernel SHAP", KernelShapTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(KernelShapTransformer), null, typeof(SignatureLoadRowMapper),
    "Kernel SHAP", KernelShapTransformer.LoaderSignature)]

namespace MLNet.NeuralExtensions.Transforms;

/// <summary>
/// Adds, per row, Kernel SHAP's estimate of each feature's Shapley value (Lundberg and Lee, 2017) for one output of any
/// ML.NET prediction transformer reading a feature vector (this package's networks, FastTree, LightGbm, linear models):
/// the weighted linear regression, with the Shapley kernel's weights, of the model's expected output over coalitions of
/// features, features outside a coalition taking the values of a background sample. The values sum to the row's output
/// minus the background's mean output (efficiency, enforced). Features equal to every background row's get 0.
/// </summary>
/// <remarks>Each row's coalitions × background rows are scored in one batch, through the model's own Transform over an
/// in-memory view. Cost per row: (coalitions + 1) × background size model evaluations. Saved in ML.NET's model file (the
/// prediction transformer in its own directory "Model"). Made by <c>mlContext.Transforms.ExplainByKernelShap</c>.</remarks>
public sealed class KernelShapTransformer : AttributionTransformerBase
{
    internal const string LoaderSignature = "KernelShap";
    private const string ModelDirectory = "Model";
    private readonly ITransformer _model;
    private readonly float[] _background;

    internal KernelShapTransformer(IHostEnvironment env, ITransformer model, string outputColumnName, string inputColumnName, int featureCount,
        float[] background, ExplainedOutput output, int classIndex, int coalitions, int seed)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(KernelShapTransformer)), outputColumnName, inputColumnName, featureCount)
    {
        _model = model;
        _background = background;
        Output = output;
        ClassIndex = classIndex;
        Coalitions = coalitions;
        Seed = seed;
        Validate();
        ExpectedValue = Score(_background, BackgroundSize).Average();
    }

    private KernelShapTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (after the base's) ***
        // int: explained output; int: class index; int: coalitions; int: seed; int: background rows b; float × b × features
        // The prediction transformer in the sub-model "Model".
        BinaryReader reader = ctx.Reader;
        Output = (ExplainedOutput)reader.ReadInt32();
        ClassIndex = reader.ReadInt32();
        Coalitions = reader.ReadInt32();
        Seed = reader.ReadInt32();
        int rows = reader.ReadInt32();
        Host.CheckDecode(rows > 0, "the background is empty");
        _background = reader.ReadFloatArray(checked(rows * FeatureCount));
        ctx.LoadModel<ITransformer, SignatureLoadModel>(host, out _model, ModelDirectory);
        Validate();
        ExpectedValue = Score(_background, BackgroundSize).Average();
    }

    /// <summary>Gets the explained prediction transformer.</summary>
    public ITransformer Model => _model;

    /// <summary>Gets the output explained: Score (a multiclass model's score of <see cref="ClassIndex"/>) or Probability.</summary>
    public ExplainedOutput Output { get; }

    /// <summary>Gets the class explained (a multiclass model's 0-based label index), else 0.</summary>
    public int ClassIndex { get; }

    /// <summary>Gets the most coalitions evaluated per row.</summary>
    public int Coalitions { get; }

    /// <summary>Gets the seed of the coalitions drawn; row r's come from a stream seeded by it and r.</summary>
    public int Seed { get; }

    /// <summary>Gets the number of background rows.</summary>
    public int BackgroundSize => _background.Length / FeatureCount;

    /// <summary>Gets the background's mean output, E f(x), which each row's values sum to the difference from.</summary>
    public double ExpectedValue { get; }

    private protected override string MethodName => "Kernel SHAP";

    private string OutputColumn => Output == ExplainedOutput.Probability ? "Probability" : "Score";

    private static VersionInfo GetVersionInfo() => Version("KERNSHAP", LoaderSignature);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        SaveColumnsAndSize(ctx, GetVersionInfo());
        BinaryWriter writer = ctx.Writer;
        writer.Write((int)Output);
        writer.Write(ClassIndex);
        writer.Write(Coalitions);
        writer.Write(Seed);
        writer.Write(BackgroundSize);
        writer.WriteSinglesNoCount(_background);
        ctx.SaveModel(_model, ModelDirectory);
    }

    private protected override RowExplainer CreateRowExplainer()
    {
        int width = FeatureCount, background = BackgroundSize;
        double expected = ExpectedValue;
        var view = new FeatureMatrixView(InputColumnName, width);
        IDataView scored = _model.Transform(view);
        DataViewSchema.Column column = scored.Schema[OutputColumn];
        float[] values = [];
        return (features, row, attributions) =>
        {
            attributions.Clear();
            int[] varying = Varying(features);
            if (varying.Length < 2)
            {
                if (varying.Length == 1)
                {
                    values = EnsureSize(values, width);
                    features.CopyTo(values);
                    attributions[varying[0]] = (float)(Read(view, scored, column, values, 1)[0] - expected);
                }

                return;
            }

            int budget = (int)Math.Min(Coalitions, Math.Pow(2, varying.Length) - 2);
            var (masks, weights) = ShapleyCoalitions.Choose(varying.Length, budget, new Random(unchecked((int)((Seed * 1_000_003L) + row))));

            // One batch: the row itself, then each coalition's background rows with the coalition's features set to the row's.
            int block = background * width;
            values = EnsureSize(values, width + (masks.Count * block));
            features.CopyTo(values);
            for (int k = 0; k < masks.Count; k++)
            {
                Span<float> rows = values.AsSpan(width + (k * block), block);
                _background.CopyTo(rows);
                for (int b = 0; b < background; b++)
                {
                    for (int j = 0; j < varying.Length; j++)
                    {
                        if (masks[k][j])
                        {
                            rows[(b * width) + varying[j]] = features[varying[j]];
                        }
                    }
                }
            }

            double[] outputs = Read(view, scored, column, values, 1 + (masks.Count * background));
            double fx = outputs[0];
            double[] coalitionMeans = new double[masks.Count];
            for (int k = 0; k < masks.Count; k++)
            {
                double sum = 0;
                for (int b = 0; b < background; b++)
                {
                    sum += outputs[1 + (k * background) + b];
                }

                coalitionMeans[k] = sum / background;
            }

            double[] phi = ShapleyRegression.Solve(masks, weights, coalitionMeans, expected, fx);
            for (int j = 0; j < varying.Length; j++)
            {
                attributions[varying[j]] = (float)phi[j];
            }
        };
    }

    // The features whose value differs from some background row's; the others contribute nothing.
    private int[] Varying(ReadOnlySpan<float> features)
    {
        int width = FeatureCount;
        var varying = new List<int>();
        for (int i = 0; i < width; i++)
        {
            for (int b = 0; b < BackgroundSize; b++)
            {
                if (_background[(b * width) + i] != features[i])
                {
                    varying.Add(i);
                    break;
                }
            }
        }

        return [.. varying];
    }

    private static float[] EnsureSize(float[] buffer, int length) => buffer.Length >= length ? buffer : new float[length];

    // The model's explained output for `rows` feature vectors of `values`.
    private double[] Read(FeatureMatrixView view, IDataView scored, DataViewSchema.Column column, float[] values, int rows)
    {
        view.Values = values;
        view.Rows = rows;
        var result = new double[rows];
        using DataViewRowCursor cursor = scored.GetRowCursor([column]);
        if (column.Type is VectorDataViewType)
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> scores = default;
            for (int r = 0; cursor.MoveNext(); r++)
            {
                getter(ref scores);
                result[r] = scores.GetItemOrDefault(ClassIndex);
            }
        }
        else
        {
            ValueGetter<float> getter = cursor.GetGetter<float>(column);
            float score = 0;
            for (int r = 0; cursor.MoveNext(); r++)
            {
                getter(ref score);
                result[r] = score;
            }
        }

        return result;
    }

    private double[] Score(float[] values, int rows)
    {
        var view = new FeatureMatrixView(InputColumnName, FeatureCount);
        IDataView scored = _model.Transform(view);
        return Read(view, scored, scored.Schema[OutputColumn], values, rows);
    }

    private void Validate()
    {
        Host.CheckParam(Enum.IsDefined(Output), nameof(Output), $"{Output} is not an explained output");
        if (Coalitions < 1)
        {
            throw new ArgumentOutOfRangeException("coalitions", Coalitions, "Kernel SHAP needs a budget of at least 1 coalition per row.");
        }

        int bad = Array.FindIndex(_background, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new InvalidDataException($"Background row {bad / FeatureCount}, slot {bad % FeatureCount} of column '{InputColumnName}' is {_background[bad]}; the background must be finite.");
        }

        DataViewSchema schema = _model.GetOutputSchema(new FeatureMatrixView(InputColumnName, FeatureCount).Schema);
        if (!schema.TryGetColumnIndex(OutputColumn, out int index))
        {
            throw new ArgumentOutOfRangeException("output", Output, $"The model has no {OutputColumn} column to explain (its columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        }

        int size = schema[index].Type.GetValueCount();
        if (ClassIndex < 0 || ClassIndex >= size)
        {
            throw new ArgumentOutOfRangeException("classIndex", ClassIndex, $"The model's {OutputColumn} has {size} value{(size == 1 ? " (class index 0)" : $"s (class indices 0 to {size - 1})")}.");
        }
    }

    // Factory method for SignatureLoadModel.
    private static KernelShapTransformer Create(IHostEnvironment env, ModelLoadContext ctx) => new(LoadingHost(env, ctx, GetVersionInfo()), ctx);

    // Factory method for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema) => Create(env, ctx).MakeRowMapper(inputSchema);
}
