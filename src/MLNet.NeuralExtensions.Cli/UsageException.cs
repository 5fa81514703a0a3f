namespace MLNet.NeuralExtensions.Cli;

/// <summary>A command line that names something wrong (a path that is not a project, an output that is a file); the
/// tool prints the message and exits with <see cref="MlnetNeural.UsageError"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
