using Microsoft.ML;

namespace MLNet.NeuralExtensions.ModelSearch;

/// <summary>One trial of a search: a candidate trained on a share of the training rows of every fold and scored on the
/// fold's held-out rows.</summary>
public sealed class ModelSearchTrial
{
    internal ModelSearchTrial(int number, TrainerFamily family, string settings, ImbalanceTreatment imbalance, double rowFraction)
    {
        Number = number;
        Family = family;
        Settings = settings;
        Imbalance = imbalance;
        RowFraction = rowFraction;
    }

    /// <summary>Gets the trial's number, from 1 in the order trials started.</summary>
    public int Number { get; }

    /// <summary>Gets the trainer family.</summary>
    public TrainerFamily Family { get; }

    /// <summary>Gets the settings drawn for the trial ("defaults" for a family's first trial), with the treatment of rare
    /// classes.</summary>
    public string Settings { get; }

    /// <summary>Gets the treatment of rare classes.</summary>
    public ImbalanceTreatment Imbalance { get; }

    /// <summary>Gets the share of each fold's training rows the trial trained on (successive halving's rung).</summary>
    public double RowFraction { get; }

    /// <summary>Gets how the trial ended.</summary>
    public TrialStatus Status { get; internal set; } = TrialStatus.Completed;

    /// <summary>Gets the trainer's error for a failed trial, else null.</summary>
    public string? Error { get; internal set; }

    /// <summary>Gets the trial's time, every fold's training and scoring.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Gets the fold-averaged metrics of a completed trial, by <see cref="SearchMetric"/> name; empty otherwise.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; internal set; } = new Dictionary<string, double>();

    /// <summary>Gets the model of the trial's last fold (featurization and trainer), kept for the best trial of each
    /// family and the best network; null for the others.</summary>
    public ITransformer? Model { get; internal set; }

    /// <summary>Gets the held-out rows <see cref="Model"/> was scored on (with the prepared "Label"), or null.</summary>
    public IDataView? HeldOutData { get; internal set; }

    /// <summary>The value of <paramref name="metric"/>, or NaN when the trial did not complete.</summary>
    /// <param name="metric">A metric name.</param>
    /// <returns>The value.</returns>
    public double Metric(string metric) => Metrics.TryGetValue(metric, out double value) ? value : double.NaN;
}
