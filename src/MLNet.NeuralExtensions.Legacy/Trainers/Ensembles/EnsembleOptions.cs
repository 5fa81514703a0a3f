using MLNet.NeuralExtensions.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// What every ensemble trainer reads: the label and feature columns (every member, and a stacking meta-learner, must
/// read the same feature column) and the seed of the ensemble's own sampling. The members are estimators whose fitted
/// transformers are prediction transformers of the ensemble's task over one feature column: the Mlp, Cnn and Lstm
/// trainers, and the ensemble trainers themselves.
/// </summary>
public abstract class EnsembleOptions
{
    private protected EnsembleOptions()
    {
    }

    /// <summary>Gets or sets the label column, as the task's trainers read it. Default "Label".</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>Gets or sets the feature column, a known-size vector of Single, that the members read. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Gets or sets the seed of the row and feature sampling, the folds and the members' seeds; <see langword="null"/>
    /// (default) takes the context's next seed.</summary>
    public int? Seed { get; set; }

    /// <summary>The member estimators, for checking schemas before training.</summary>
    internal abstract IEnumerable<IEstimator<ISingleFeaturePredictionTransformer<object>>> Estimators { get; }

    /// <summary>Throws when the options cannot train an ensemble of <paramref name="task"/>.</summary>
    internal virtual void Validate(EnsembleTask task)
    {
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName);
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName);
        if (!Estimators.Any() || Estimators.Any(e => e is null))
        {
            throw new ArgumentException($"{GetType().Name} needs at least one member estimator, and no null one.");
        }
    }
}
