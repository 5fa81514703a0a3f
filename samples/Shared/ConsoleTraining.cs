using MLNet.NeuralExtensions.Engine;
using Spectre.Console;

/// <summary>Follows a neural trainer's progress reports with a Spectre.Console progress bar: one step per batch, the
/// epoch and its loss in the description.</summary>
internal static class ConsoleTraining
{
    /// <summary>Runs <paramref name="train"/>, handing it the receiver to set as the options' <c>Progress</c>, while the
    /// bar shows how far it is.</summary>
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> train) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(title);
                T result = train(new Receiver(task, title));
                task.Value = task.MaxValue;
                return result;
            });

    /// <summary>Reports arrive on the training thread; Spectre's tasks may be updated from any thread.</summary>
    private sealed class Receiver(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.MaxValue = (double)value.Epochs * value.Batches;
            task.Value = ((double)(value.Epoch - 1) * value.Batches) + value.Batch;
            if (value.IsEpochEnd)
            {
                task.Description = $"{title}: epoch {value.Epoch}/{value.Epochs}, loss {value.Loss:F4}";
            }
        }
    }
}
