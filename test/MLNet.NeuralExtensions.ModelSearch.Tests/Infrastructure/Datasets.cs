namespace MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

/// <summary>The shared datasets copied beside the tests (test/TestData).</summary>
internal static class Datasets
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);
}
