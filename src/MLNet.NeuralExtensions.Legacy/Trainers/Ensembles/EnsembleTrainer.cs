using MLNet.NeuralExtensions.Data;
using MLNet.NeuralExtensions.Evaluation;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// Trains an ensemble of prediction transformers of one task (binary, multiclass, regression) by bagging, voting or
/// stacking, as its options say, and scores with the task's prediction transformer over an
/// <see cref="EnsembleModelParameters"/>: the same output columns as its members. A classifier's combined probabilities
/// are kept within [1e-7, 1 − 1e-7], so that its raw outputs stay finite: the binary Score is the logit of the combined
/// probability, the multiclass Score vector is the combined probabilities. The training data is read into memory once. Made by the <c>Bagging</c>, <c>Voting</c> and <c>Stacking</c> methods of
/// <c>mlContext.BinaryClassification.Trainers</c>, <c>MulticlassClassification.Trainers</c> and <c>Regression.Trainers</c>.
/// </summary>
/// <typeparam name="TTransformer">The prediction transformer produced.</typeparam>
public sealed class EnsembleTrainer<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    private readonly MLContext _context;
    private readonly EnsembleTask _task;
    private readonly EnsembleOptions _options;

    internal EnsembleTrainer(MLContext context, EnsembleTask task, EnsembleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(task);
        _context = context;
        _task = task;
        _options = options;
    }

    /// <summary>Trains the members (and meta-learner) on <paramref name="input"/>.</summary>
    /// <param name="input">Training data with the label, the features and whatever else the members read.</param>
    /// <returns>The prediction transformer over the ensemble.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The label or feature column is missing or has the wrong type; the message names it.</exception>
    /// <exception cref="ArgumentException">A member made no prediction transformer of the task, or read another feature column.</exception>
    /// <exception cref="InvalidDataException">A feature or label is missing or not finite; the message names the row.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var data = new EnsembleData(_context, _task, input, _options);
        EnsembleModelParameters model = _options switch
        {
            BaggingOptions bagging => BaggingFitting.Fit(bagging, data),
            VotingOptions voting => VotingFitting.Fit(voting, data),
            StackingOptions stacking => StackingFitting.Fit(stacking, data, stacking.MetaLearner ?? _task.LinearModel(_context, stacking, data.Seed)),
            _ => throw new NotSupportedException($"{_options.GetType().Name} is not an ensemble method."),
        };
        return (TTransformer)_task.MakeTransformer(model, _options.FeatureColumnName, input.Schema[_options.LabelColumnName]);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        DataViewSchema schema = SchemaShapeBridge.ToSchema(inputSchema);
        EvaluationColumns.RequireFloatVector(schema, _options.FeatureColumnName, "feature");
        _task.RequireLabel(schema, _options.LabelColumnName);

        // Every member checks the input; the ensemble adds the columns they add.
        SchemaShape[] memberOutputs = [.. _options.Estimators.Select(e => e.GetOutputSchema(inputSchema))];
        return memberOutputs[0];
    }
}
