namespace MLNet.NeuralExtensions.Cli.Tests.Infrastructure;

/// <summary>The shared datasets copied beside the tests (test/TestData), this checkout's root, and a temporary folder
/// per test.</summary>
internal sealed class TestFolders : IDisposable
{
    public TestFolders() => Directory.CreateDirectory(Root);

    /// <summary>Gets the temporary folder, removed on <see cref="Dispose"/>.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mlnx-cli-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The checkout's root: the folder above the tests that holds MLNet.NeuralExtensions.sln.</summary>
    public static string Repository
    {
        get
        {
            for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "MLNet.NeuralExtensions.sln")))
                {
                    return d.FullName;
                }
            }
            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds MLNet.NeuralExtensions.sln.");
        }
    }

    public static string Dataset(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Whether <paramref name="folder"/> is missing or holds no file at any depth.</summary>
    public static bool HoldsNoFile(string folder) => !Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any();

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
