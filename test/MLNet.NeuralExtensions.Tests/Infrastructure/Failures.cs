namespace MLNet.NeuralExtensions.Tests.Infrastructure;

/// <summary>Exceptions as ML.NET passes them on: a failure while a cursor's rows are computed on parallel workers
/// reaches the caller wrapped ("Splitter/consolidator worker encountered exception…").</summary>
internal static class Failures
{
    /// <summary>Runs <paramref name="action"/> and returns the <typeparamref name="T"/> it threw, itself or as the inner
    /// exception of ML.NET's wrapper; fails the test if there is none.</summary>
    public static T Find<T>(Action action)
        where T : Exception
    {
        Exception thrown = Assert.Throws<Exception>(action);
        for (Exception? e = thrown; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        Assert.Fail($"Expected {typeof(T).Name}; got {thrown}");
        return null!;
    }
}
