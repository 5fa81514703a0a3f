namespace MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
