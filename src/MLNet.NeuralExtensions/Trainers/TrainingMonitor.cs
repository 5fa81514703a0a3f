using System.Globalization;
using Microsoft.ML.Runtime;
using MLNet.NeuralExtensions.Engine;

namespace MLNet.NeuralExtensions.Trainers;

/// <summary>Receives the engine's progress reports for an ML.NET trainer: stops training when the MLContext's execution is
/// cancelled (ML.NET's internal <c>CancelExecution</c>, which its components such as AutoML use), logs every epoch to ML.NET's channel, and passes the reports on to the user's receiver.</summary>
internal sealed class TrainingMonitor(IHost host, IChannel channel, IProgress<TrainingProgress>? user) : IProgress<TrainingProgress>
{
    /// <inheritdoc/>
    /// <exception cref="OperationCanceledException">The MLContext's execution was cancelled.</exception>
    public void Report(TrainingProgress value)
    {
        host.CheckAlive();
        user?.Report(value);
        if (value.IsEpochEnd)
        {
            string validation = double.IsNaN(value.ValidationLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $", validation loss {value.ValidationLoss:G5}");
            channel.Info(string.Create(CultureInfo.InvariantCulture, $"Epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:G5}{validation}, learning rate {value.LearningRate:G3}, {value.Elapsed.TotalSeconds:F1} s"));
        }
    }
}
