using System.Globalization;
using Microsoft.ML;
using MLNet.NeuralExtensions.Cli.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.Cli.Tests;

[TestClass]
public sealed class GeneratedProjectTests
{
    [TestMethod]
    public void TheGeneratedConsoleProjectBuildsAndPrintsTheToolModelsPredictionOfTheFirstRow()
    {
        using var folders = new TestFolders();
        string output = folders.PathOf("out");
        string data = TestFolders.Dataset("pima-diabetes.csv");
        string neural = Path.Combine(TestFolders.Repository, "src", "MLNet.NeuralExtensions", "MLNet.NeuralExtensions.csproj");
        ToolRun run = ToolRun.Of("binary", "--dataset", data, "--label-col", "diabetes", "--train-time", "6", "--cv-folds", "3", "--output", output, "--neural-extensions-project", neural);
        Assert.AreEqual(MlnetNeural.Success, run.ExitCode, run.Error);
        string project = Path.Combine(output, "PimaDiabetes.ConsoleApp");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "PimaDiabetes.ConsoleApp.csproj")), $"<ProjectReference Include=\"{neural}\" />");

        // The checkout's MLNet.NeuralExtensions is built already (these tests reference it), in this run's configuration.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        (int built, string log) = Dotnet.Run(project, "build", "--nologo", "-v", "q", "-c", configuration, "-nodeReuse:false", "--disable-build-servers", "-p:BuildProjectReferences=false");
        Assert.AreEqual(0, built, log);
        (int ran, string printed) = Dotnet.Run(project, "exec", Path.Combine("bin", configuration, "net10.0", "PimaDiabetes.ConsoleApp.dll"));
        Assert.AreEqual(0, ran, printed);

        string line = printed.Split('\n').Single(l => l.StartsWith("Prediction: ", StringComparison.Ordinal)).Trim();
        Dictionary<string, string> values = line["Prediction: ".Length..].Split("; ").Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var ml = new MLContext(1);
        Row first = ml.Data.CreateEnumerable<Row>(new SearchOutput(output).Score(ml, data), reuseRowObject: false).First();
        Assert.AreEqual(first.PredictedLabel.ToString(), values["PredictedLabel"]);
        Assert.AreEqual(first.Score, float.Parse(values["Score"], CultureInfo.InvariantCulture), 1e-5f);
    }

    private sealed class Row
    {
        public bool PredictedLabel { get; set; }

        public float Score { get; set; }
    }
}
