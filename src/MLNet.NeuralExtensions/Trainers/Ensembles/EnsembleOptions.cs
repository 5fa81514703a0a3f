using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>
/// What every ensemble trainer reads: the label and feature columns and the seed of the ensemble's own sampling. The
/// members are estimators of any trainer of the ensemble's task (ML.NET's own, ours, or ensembles), each making a
/// prediction transformer of the task over one feature column. Every member, and a stacking meta-learner, must read
/// <see cref="FeatureColumnName"/> and, where its trainer names one, <see cref="LabelColumnName"/>: an ML.NET trainer
/// that names other columns is refused when the ensemble is made, and a fitted member that read another feature column
/// when it is fitted. A member sees every column of the training data, so one with a weight column reads it.
/// </summary>
public abstract class EnsembleOptions
{
    private protected EnsembleOptions()
    {
    }

    /// <summary>Gets or sets the label column. Default "Label": Boolean (or Single/Double, &gt; 0 positive, or a key of
    /// two values) for binary classification, a key for multiclass, Single or Double for regression. The ensemble reads it
    /// to stratify folds, calibrate members, measure the out-of-bag score and train the meta-learner.</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>Gets or sets the feature column, a known-size vector of Single, that every member reads. Default
    /// "Features".</summary>
    public string FeatureColumnName { get; set; } = DefaultColumnNames.Features;

    /// <summary>Gets or sets the seed of the ensemble's own randomness (bagging's row and feature samples and members'
    /// seeds, shuffled stacking folds); <see langword="null"/> (default) draws one from the MLContext's seed, as ML.NET's
    /// trainers do.</summary>
    public int? Seed { get; set; }

    /// <summary>The method's name, for messages and the trainer's host ("Bagging").</summary>
    internal abstract string MethodName { get; }

    /// <summary>Every member estimator, with a role for messages ("member 2", "the meta-learner").</summary>
    internal abstract IEnumerable<(IEstimator<ISingleFeaturePredictionTransformer<object>> Estimator, string Role)> Estimators { get; }

    /// <summary>Throws when the options cannot train an ensemble of <paramref name="task"/>; the message names the
    /// option and its value.</summary>
    internal virtual void Validate(EnsembleTask task)
    {
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        var estimators = Estimators.ToList();
        if (estimators.Count == 0)
        {
            throw new ArgumentException($"{MethodName} needs at least one member estimator; got none.");
        }

        foreach (var (estimator, role) in estimators)
        {
            if (estimator is null)
            {
                throw new ArgumentException($"{MethodName}: {role} is null; every member needs an estimator.");
            }

            EstimatorInspection.Check(estimator, role, task, FeatureColumnName, LabelColumnName);
        }
    }
}
