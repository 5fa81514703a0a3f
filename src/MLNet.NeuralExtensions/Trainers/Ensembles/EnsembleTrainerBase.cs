using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Base of the ensemble trainers, an ML.NET trainer: trains members of any trainer of the task by bagging, voting or
/// stacking, as its options say (<see cref="BaggingOptions"/>, <see cref="VotingOptions"/>, <see cref="StackingOptions"/>),
/// and wraps them in the task's ML.NET prediction transformer over the task's <see cref="EnsembleModelParameters"/>: the
/// same output columns as its members. The training data is cached once (members re-read it); the features are read into
/// memory when the ensemble scores members itself. Members are checked when the trainer is made (their task and, for
/// ML.NET's trainers, their columns) and when fitted; a member's own errors (a label type it does not take) come from it.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer produced.</typeparam>
/// <typeparam name="TModel">The model parameters it holds.</typeparam>
public abstract class EnsembleTrainerBase<TTransformer, TModel> : TrainerEstimatorBase<TTransformer, TModel>
    where TTransformer : ISingleFeaturePredictionTransformer<TModel>
    where TModel : EnsembleModelParameters
{
    private readonly IHostEnvironment _environment;
    private readonly EnsembleTask _task;
    private readonly IEstimator<ISingleFeaturePredictionTransformer<object>>? _metaLearner;

    private protected EnsembleTrainerBase(IHostEnvironment env, EnsembleTask task, EnsembleOptions options, IEstimator<ISingleFeaturePredictionTransformer<object>>? metaLearner)
        : base(Contracts.CheckRef(env, nameof(env)).Register(Validated(options, task).MethodName),
            new SchemaShape.Column(options.FeatureColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false), task.LabelColumn(options.LabelColumnName))
    {
        _environment = env;
        _task = task;
        Options = options;
        if (options is StackingOptions)
        {
            ArgumentNullException.ThrowIfNull(metaLearner);
            EstimatorInspection.Check(metaLearner, "the meta-learner", task, options.FeatureColumnName, options.LabelColumnName);
            _metaLearner = metaLearner;
        }
    }

    /// <summary>Gets the options the trainer was made with.</summary>
    public EnsembleOptions Options { get; }

    /// <inheritdoc/>
    public override TrainerInfo Info { get; } = new(normalization: false, caching: false);

    /// <inheritdoc/>
    protected override void CheckLabelCompatible(SchemaShape.Column labelCol)
    {
        if (!_task.AcceptsLabel(labelCol))
        {
            throw Host.ExceptSchemaMismatch(nameof(labelCol), "label", labelCol.Name, _task.LabelDescription, labelCol.GetTypeString());
        }
    }

    /// <inheritdoc/>
    protected override TModel TrainModelCore(TrainContext trainContext)
    {
        Host.CheckValue(trainContext, nameof(trainContext));
        using IChannel channel = Host.Start("Training");
        var data = new EnsembleData(_environment, _task, trainContext.TrainingSet);
        var fit = new EnsembleFitter(Host, channel, data, Options.FeatureColumnName, Options.Seed ?? Host.Rand.Next());
        EnsembleParts parts = Options switch
        {
            BaggingOptions bagging => BaggingFitting.Fit(bagging, fit),
            VotingOptions voting => VotingFitting.Fit(voting, fit),
            StackingOptions stacking => StackingFitting.Fit(stacking, fit, _metaLearner!),
            _ => throw new NotSupportedException($"{Options.GetType().Name} is not an ensemble method."),
        };
        channel.Info($"{Options.MethodName} of {parts.Members.Length} members trained{(parts.OutOfBagScore is { } oob ? $"; out-of-bag score {oob:F4}" : "")}.");
        return CreateModel(_environment, parts);
    }

    /// <summary>The task's model over the trained parts.</summary>
    private protected abstract TModel CreateModel(IHostEnvironment env, EnsembleParts parts);

    /// <inheritdoc/>
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema)
    {
        // Every member checks the input as it will train on it.
        foreach (var (estimator, _) in Options.Estimators)
        {
            estimator.GetOutputSchema(inputSchema);
        }

        return _task.OutputColumns(inputSchema.TryFindColumn(LabelColumn.Name, out SchemaShape.Column label) ? label : LabelColumn);
    }

    private static EnsembleOptions Validated(EnsembleOptions options, EnsembleTask task)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(task);
        return options;
    }
}
