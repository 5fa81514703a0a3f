using MLNet.NeuralExtensions.Onnx;
using MLNet.NeuralExtensions.Persistence;
using MLNet.NeuralExtensions.Trainers;
using MLNet.NeuralExtensions.Transforms;

namespace MLNet.NeuralExtensions.Data;

/// <summary>
/// Base of the prediction transformers: keeps every input column and appends the task's output columns (Score, and
/// Probability or PredictedLabel where the task has them), all computed from one pass of the model over each batch.
/// </summary>
/// <typeparam name="TModel">The model's type.</typeparam>
public abstract class PredictionTransformerBase<TModel> : RowToRowTransformerBase, ISingleFeaturePredictionTransformer<TModel>, ICanExportOnnx, IScoringTransformer
    where TModel : class
{
    /// <summary>The layout of the prediction transformers' entries: 2 keeps the model in an entry of its own.</summary>
    internal const int LayoutVersion = 2;
    private const string ModelEntryName = "Model";
    private readonly IScoringModel _scoring;

    private protected PredictionTransformerBase(TModel model, string featureColumnName)
    {
        Model = model;
        _scoring = model as IScoringModel ?? throw new ArgumentException($"{model.GetType().Name} cannot score.", nameof(model));
        FeatureColumnName = featureColumnName;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, _scoring.SequenceLayout is null ? _scoring.InputSize : 0);
    }

    /// <inheritdoc/>
    public TModel Model { get; }

    /// <inheritdoc/>
    public string FeatureColumnName { get; }

    IScoringModel IScoringTransformer.Scoring => _scoring;

    /// <inheritdoc/>
    public DataViewType FeatureColumnType { get; }

    /// <summary>The task's output columns, each with how it fills a batch from the model's raw outputs (OutputSize
    /// values per row).</summary>
    private protected abstract IEnumerable<(DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill)> OutputColumns();

    /// <summary>The Single <c>Score</c> column of a model with one raw output: the output itself.</summary>
    private protected static (DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill) ScalarScoreColumn() =>
        (new(DefaultColumnNames.Score, NumberDataViewType.Single), (raw, rows, d) => raw.AsSpan(0, rows).CopyTo(((ColumnBuffer<float>)d).ResetFixed(rows, 1)));

    /// <summary>The Boolean <c>PredictedLabel</c> column of a model with one raw output: output &gt; <paramref name="threshold"/>.</summary>
    private protected static (DataViewSchema.DetachedColumn Column, Action<float[], int, ColumnBuffer> Fill) ThresholdedLabelColumn(float threshold) =>
        (new(DefaultColumnNames.PredictedLabel, BooleanDataViewType.Instance), (raw, rows, d) =>
        {
            Span<bool> labels = ((ColumnBuffer<bool>)d).ResetFixed(rows, 1);
            for (int i = 0; i < rows; i++)
            {
                labels[i] = raw[i] > threshold;
            }
        });

    /// <summary>Sets <c>PredictedLabel</c> to raw output &gt; <paramref name="threshold"/> in the ONNX graph.</summary>
    private protected static void ExportThresholdedLabel(OnnxPipelineContext context, string rawOutputs, float threshold) =>
        context.Set(DefaultColumnNames.PredictedLabel, context.Graph.Add("Greater", [rawOutputs, context.Graph.AddScalar("threshold", threshold)], "predicted_label"), BooleanDataViewType.Instance);

    /// <summary>Adds the nodes that turn the raw outputs into the output columns and sets them in <paramref name="context"/>.</summary>
    private protected abstract void ExportOutputs(OnnxPipelineContext context, string rawOutputs);

    /// <summary>Writes the task's own settings after the model.</summary>
    private protected abstract void SaveTask(BinaryWriter writer);

    /// <summary>The signature the transformer is saved under.</summary>
    private protected abstract string Signature { get; }

    private protected override ColumnMapper MakeMapper(DataViewSchema inputSchema)
    {
        DataViewSchema.Column features = SchemaErrors.Require(inputSchema, FeatureColumnName, t => t.Equals(FeatureColumnType),
            _scoring.SequenceLayout is null ? $"Vector<Single, {_scoring.InputSize}> (the type the model was trained on)" : "VarVector<Single> (sequences of varying length, as the model was trained on)", "feature");
        var scored = new PerBatch<float[]>(batch => Score(batch, features));
        return new ColumnMapper(inputSchema, [.. OutputColumns().Select(o => new ColumnMapper.OutputColumn(o.Column, [features.Index],
            (batch, destination) => o.Fill(scored.Get(batch), batch.RowCount, destination)))]);
    }

    void ICanExportOnnx.ExportOnnx(OnnxPipelineContext context)
    {
        if (!context.Type(FeatureColumnName).Equals(FeatureColumnType))
        {
            throw SchemaErrors.Mismatch(FeatureColumnName, SchemaShapeBridge.Describe(FeatureColumnType), context.Type(FeatureColumnName), "feature");
        }

        string features = context.Value(FeatureColumnName);
        ExportOutputs(context, _scoring.SequenceLayout is { } layout
            ? _scoring.ExportSequencesOnnx(context.Graph, features, context.StepLengths(FeatureColumnName, layout.FeaturesPerStep))
            : _scoring.ExportOnnx(context.Graph, features));
    }

    private protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.SetVersionInfo(Signature, LayoutVersion, LayoutVersion);
        ctx.Writer.Write(FeatureColumnName);
        ctx.SaveModel(ModelEntryName, _scoring);
        SaveTask(ctx.Writer);
    }

    /// <summary>Reads what <see cref="SaveModel"/> wrote before the task's settings: the feature column, and the model
    /// from its own entry, which must be a <typeparamref name="TLoaded"/>.</summary>
    private protected static (TLoaded Model, string FeatureColumnName) LoadModel<TLoaded>(ModelLoadContext ctx)
        where TLoaded : class => (ctx.LoadModel<TLoaded>(ModelEntryName), ctx.Reader.ReadString());

    /// <summary>Makes the supervised task's transformer for the model a file held: a network or an ensemble.</summary>
    private protected static ITransformer ForSupervisedModel(ModelLoadContext ctx, IScoringModel model,
        Func<NeuralNetworkModelParameters, ITransformer> network, Func<EnsembleModelParameters, ITransformer> ensemble) => model switch
        {
            NeuralNetworkModelParameters n => network(n),
            EnsembleModelParameters e => ensemble(e),
            _ => throw ctx.Error($"a {model.GetType().Name} is not a model of a supervised prediction transformer."),
        };

    /// <summary>The model's raw outputs for a batch's features, which must be finite (and, for sequences, of 1 to the
    /// model's steps).</summary>
    private float[] Score(DataViewBatch batch, DataViewSchema.Column features)
    {
        if (_scoring.SequenceLayout is { } layout)
        {
            var sequences = PaddedSequences.FromBatch(batch.GetColumn<float>(features), FeatureColumnName, batch.Position, layout.FeaturesPerStep, layout.Steps);
            return _scoring.ScoreSequences(sequences.Features, batch.RowCount, sequences.Lengths);
        }

        ReadOnlySpan<float> values = batch.GetColumn<float>(features).Values;
        VectorRows.RequireFinite(values, _scoring.InputSize, FeatureColumnName, batch.Position, "the model");
        return _scoring.Score(values, batch.RowCount);
    }
}
