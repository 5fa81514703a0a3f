using MLNet.NeuralExtensions.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the search, which keeps its best model so far and writes the outputs.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return MlnetNeural.Run(args, Console.Out, Console.Error, cancellation.Token);
