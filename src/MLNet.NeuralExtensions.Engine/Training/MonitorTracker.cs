namespace MLNet.NeuralExtensions.Engine;

/// <summary>Tracks the best value of a monitored metric and the epochs since it last improved, as Keras' callbacks do:
/// a value improves when it beats the best by more than the minimum delta (lower for losses, higher for accuracies).</summary>
internal sealed class MonitorTracker(MonitoredMetric metric, float minDelta)
{
    private readonly bool _higherIsBetter = metric is MonitoredMetric.Accuracy or MonitoredMetric.ValidationAccuracy;

    public double Best { get; private set; } = double.NaN;

    public int BestEpoch { get; private set; }

    public int EpochsWithoutImprovement { get; set; }

    /// <summary>Records an epoch's metrics; returns whether the monitored value improved.</summary>
    public bool Record(EpochMetrics metrics)
    {
        double value = Read(metrics);
        bool improved = double.IsNaN(Best) ? !double.IsNaN(value)
            : _higherIsBetter ? value - Math.Abs(minDelta) > Best : value + Math.Abs(minDelta) < Best;
        if (improved)
        {
            Best = value;
            BestEpoch = metrics.Epoch;
            EpochsWithoutImprovement = 0;
        }
        else
        {
            EpochsWithoutImprovement++;
        }

        return improved;
    }

    private double Read(EpochMetrics m) => metric switch
    {
        MonitoredMetric.Loss => m.Loss,
        MonitoredMetric.Accuracy => m.Accuracy,
        MonitoredMetric.ValidationAccuracy => double.IsNaN(m.ValidationLoss) ? m.Accuracy : m.ValidationAccuracy,
        _ => double.IsNaN(m.ValidationLoss) ? m.Loss : m.ValidationLoss,
    };
}
