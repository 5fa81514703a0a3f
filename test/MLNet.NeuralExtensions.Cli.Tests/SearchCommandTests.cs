using Microsoft.ML;
using MLNet.NeuralExtensions.Cli.Tests.Infrastructure;
using MLNet.NeuralExtensions.ModelSearch.Reporting;

namespace MLNet.NeuralExtensions.Cli.Tests;

[TestClass]
public sealed class SearchCommandTests
{
    [TestMethod]
    [DataRow("binary", "pima-diabetes.csv", "diabetes", "Accuracy", "PimaDiabetes.ConsoleApp")]
    [DataRow("multiclass", "iris.csv", "Species", "MicroAccuracy", "Iris.ConsoleApp")]
    [DataRow("regression", "boston-housing.csv", "medv", "RSquared", "BostonHousing.ConsoleApp")]
    [DataRow("anomaly", "breast-cancer.csv", "Class", "AreaUnderRocCurve", "BreastCancer.ConsoleApp")]
    [DataRow("clustering", "wine.csv", "cultivar", "NormalizedMutualInformation", "Wine.ConsoleApp")]
    public void EveryTaskPrintsTheLeaderboardAndWritesAModelThatPredictsEveryRow(string task, string dataset, string label, string metric, string project)
    {
        using var folders = new TestFolders();
        string output = folders.PathOf("out");
        string data = TestFolders.Dataset(dataset);

        ToolRun run = ToolRun.Of(task, "--dataset", data, "--label-col", label, "--train-time", "5", "--cv-folds", "3", "--output", output);

        Assert.AreEqual(MlnetNeural.Success, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "Leaderboard");
        StringAssert.Contains(run.Output, metric);
        StringAssert.Contains(run.Output, "Pipeline");
        StringAssert.Contains(run.Output, "NormalizeMeanVariance(Features)");
        foreach (string file in (string[])["model.zip", "model-input.json", ModelSearchReport.DataFileName, ModelSearchReport.PageFileName, $"{project}/{project}.csproj", $"{project}/Program.cs"])
        {
            Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
        }
        Assert.IsEmpty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, project, $"{project}.csproj")), "<PackageReference Include=\"MLNet.NeuralExtensions\" Version=\"");
        IDataView scored = new SearchOutput(output).Score(new MLContext(1), data);
        Assert.IsNotNull(scored.Schema.GetColumnOrNull("Score"));
        Assert.AreEqual(SearchOutput.Rows(data), SearchOutput.Count(scored));
    }

    [TestMethod]
    public void PredictWritesOnePredictionPerRowOfASearchWithIgnoredColumnsAndAValidationFileAndReportWritesThePageAgain()
    {
        using var folders = new TestFolders();
        string output = folders.PathOf("out");
        string data = TestFolders.Dataset("boston-housing.csv");
        ToolRun search = ToolRun.Of("regression", "--dataset", data, "--label-col", "medv", "--ignore-cols", "chas,zn", "--validation-dataset", data, "--train-time", "5", "--output", output);
        Assert.AreEqual(MlnetNeural.Success, search.ExitCode, search.Error);
        StringAssert.Contains(search.Output, "Column 'chas' not used: ignored as asked.");
        StringAssert.Contains(search.Output, "Column 'zn' not used: ignored as asked.");
        string predictions = folders.PathOf("predictions.csv");

        ToolRun predict = ToolRun.Of("predict", "--model", Path.Combine(output, "model.zip"), "--dataset", data, "--output", predictions);

        Assert.AreEqual(MlnetNeural.Success, predict.ExitCode, predict.Error);
        string[] lines = File.ReadAllLines(predictions);
        Assert.AreEqual("Score", lines[0]);
        Assert.HasCount((int)SearchOutput.Rows(data) + 1, lines);
        float[] expected = [.. new MLContext(1).Data.CreateEnumerable<ScoreRow>(new SearchOutput(output).Score(new MLContext(1), data), reuseRowObject: false).Select(r => r.Score)];
        CollectionAssert.AreEqual(expected, lines.Skip(1).Select(l => float.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), new Tolerance(1e-4f));

        File.Delete(Path.Combine(output, ModelSearchReport.PageFileName));
        ToolRun report = ToolRun.Of("report", "--output", output);
        Assert.AreEqual(MlnetNeural.Success, report.ExitCode, report.Error);
        StringAssert.Contains(File.ReadAllText(Path.Combine(output, ModelSearchReport.PageFileName)), "leaderboard");
    }

    [TestMethod]
    public void CancellingMidSearchStillWritesTheBestModelSoFar()
    {
        using var folders = new TestFolders();
        string output = folders.PathOf("out");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(6));

        ToolRun run = ToolRun.Of(cancellation.Token, "binary", "--dataset", TestFolders.Dataset("pima-diabetes.csv"), "--label-col", "diabetes", "--train-time", "120", "--cv-folds", "3", "--output", output);

        Assert.AreEqual(MlnetNeural.Success, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "Cancelled: the best model so far is kept.");
        Assert.AreEqual(SearchOutput.Rows(TestFolders.Dataset("pima-diabetes.csv")), SearchOutput.Count(new SearchOutput(output).Score(new MLContext(1), TestFolders.Dataset("pima-diabetes.csv"))));
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    private sealed class Tolerance(float tolerance) : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) <= tolerance * Math.Max(1, Math.Abs((float)x!)) ? 0 : 1;
    }
}
