using Microsoft.ML.Data;
using MLNet.NeuralExtensions.Cli.Tests.Infrastructure;
using MLNet.NeuralExtensions.ModelSearch.CodeGeneration;

namespace MLNet.NeuralExtensions.Cli.Tests;

[TestClass]
public sealed class BadInputTests
{
    [TestMethod]
    public void AMissingLabelColumnIsNamed()
    {
        using var folders = new TestFolders();
        AssertFails(folders, MlnetNeural.DataError, "has no column 'Outcome'", "binary", "--dataset", TestFolders.Dataset("pima-diabetes.csv"), "--label-col", "Outcome");
    }

    [TestMethod]
    public void ALabelWithOneValueIsNamed()
    {
        using var folders = new TestFolders();
        string data = folders.PathOf("constant.csv");
        File.WriteAllLines(data, ["x,y,label", .. Enumerable.Range(0, 30).Select(i => $"{i},{i * 2 % 7},same")]);
        AssertFails(folders, MlnetNeural.DataError, "The label column 'label' of '" + data + "' has a single value ('same')", "binary", "--dataset", data, "--label-col", "label");
    }

    [TestMethod]
    public void AnEmptyFileIsNamed()
    {
        using var folders = new TestFolders();
        string data = folders.PathOf("empty.csv");
        File.WriteAllText(data, "");
        AssertFails(folders, MlnetNeural.DataError, $"The dataset '{data}' is empty", "regression", "--dataset", data, "--label-col", "y");
    }

    [TestMethod]
    [DataRow(new byte[] { 0x61, 0x2C, 0x62, 0x0A, 0x00, 0x00, 0x01, 0x00, 0x0A, 0x31, 0x2C, 0x00, 0x0A }, "is not delimited text: it holds NUL characters")]
    [DataRow(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xC3, 0x28, 0xFF, 0x0A, 0x0A }, "is not UTF-8 text")]
    public void AnUnreadableFileIsNamed(byte[] bytes, string problem)
    {
        using var folders = new TestFolders();
        string data = folders.PathOf("garbage.csv");
        File.WriteAllBytes(data, bytes);
        AssertFails(folders, MlnetNeural.DataError, $"The dataset '{data}' {problem}", "binary", "--dataset", data, "--label-col", "b");
    }

    [TestMethod]
    public void AMissingDatasetIsNamed()
    {
        using var folders = new TestFolders();
        string data = folders.PathOf("nowhere.csv");
        AssertFails(folders, MlnetNeural.DataError, $"The dataset '{data}' does not exist", "multiclass", "--dataset", data, "--label-col", "Species");
    }

    [TestMethod]
    public void AMissingValidationDatasetIsNamed()
    {
        using var folders = new TestFolders();
        string validation = folders.PathOf("nowhere.csv");
        AssertFails(folders, MlnetNeural.DataError, $"'{validation}' does not exist", "multiclass", "--dataset", TestFolders.Dataset("iris.csv"), "--label-col", "Species", "--validation-dataset", validation);
    }

    [TestMethod]
    [DataRow("--train-time", "-5", "The value '-5' of --train-time must be a positive number of seconds")]
    [DataRow("--train-time", "soon", "The value 'soon' of --train-time must be a positive number of seconds")]
    [DataRow("--cv-folds", "1", "The value '1' of --cv-folds must be 0 (hold out a fifth of the rows) or at least 2")]
    [DataRow("--optimize-metric", "Bogus", "The value 'Bogus' of --optimize-metric is not a metric of the BinaryClassification task")]
    [DataRow("--neural-extensions-project", "nowhere.csproj", "The --neural-extensions-project 'nowhere.csproj' is not a .csproj file")]
    public void ABadOptionValueIsAUsageError(string option, string value, string message)
    {
        using var folders = new TestFolders();
        AssertFails(folders, MlnetNeural.UsageError, message, "binary", "--dataset", TestFolders.Dataset("pima-diabetes.csv"), "--label-col", "diabetes", option, value);
    }

    [TestMethod]
    public void AMissingLabelOptionAndAnUnknownCommandAreUsageErrors()
    {
        using var folders = new TestFolders();
        AssertFails(folders, MlnetNeural.UsageError, "--label-col", "binary", "--dataset", TestFolders.Dataset("pima-diabetes.csv"));
        AssertFails(folders, MlnetNeural.UsageError, "Unrecognized command or argument 'forecasting'", "forecasting", "--dataset", TestFolders.Dataset("pima-diabetes.csv"));
    }

    [TestMethod]
    public void PredictNamesAMissingModel()
    {
        using var folders = new TestFolders();
        string model = folders.PathOf("model.zip");
        ToolRun run = ToolRun.Of("predict", "--model", model, "--dataset", TestFolders.Dataset("iris.csv"));
        Assert.AreEqual(MlnetNeural.DataError, run.ExitCode);
        Assert.AreEqual($"mlnet-neural: The model '{model}' does not exist.", run.Error.Trim());
    }

    [TestMethod]
    public void PredictNamesAColumnOfTheDatasetThatIsNotTheModelsAndAMissingLayout()
    {
        using var folders = new TestFolders();
        string model = folders.PathOf("model.zip");
        File.WriteAllText(model, "");
        string iris = TestFolders.Dataset("iris.csv");
        ToolRun withoutLayout = ToolRun.Of("predict", "--model", model, "--dataset", iris);
        Assert.AreEqual(MlnetNeural.DataError, withoutLayout.ExitCode);
        Assert.AreEqual($"mlnet-neural: '{folders.PathOf(ModelInputLayout.FileName)}' does not exist; a search writes it beside model.zip.", withoutLayout.Error.Trim());

        new ModelInputLayout { Columns = [new("pregnant", 0, DataKind.Single), new("glucose", 1, DataKind.Single)] }.Save(folders.PathOf(ModelInputLayout.FileName));
        ToolRun run = ToolRun.Of("predict", "--model", model, "--dataset", iris, "--output", folders.PathOf("predictions.csv"));
        Assert.AreEqual(MlnetNeural.DataError, run.ExitCode);
        Assert.AreEqual($"mlnet-neural: The dataset '{iris}' has 'Sepal.Length' as column 1, where the model reads 'pregnant'; the rows must be laid out as the training file's.", run.Error.Trim());
        Assert.IsFalse(File.Exists(folders.PathOf("predictions.csv")));
    }

    /// <summary>Runs the tool with --output in <paramref name="folders"/> and asserts the exit code, a message on one
    /// line of its own naming what is wrong, and no file written.</summary>
    private static void AssertFails(TestFolders folders, int exitCode, string message, params string[] args)
    {
        string output = folders.PathOf("out");
        ToolRun run = ToolRun.Of([.. args, "--output", output]);
        Assert.AreEqual(exitCode, run.ExitCode, run.Error);
        string error = run.Error.Trim();
        StringAssert.StartsWith(error, "mlnet-neural: ");
        StringAssert.Contains(error, message);
        Assert.DoesNotContain("\n", error);
        Assert.IsTrue(TestFolders.HoldsNoFile(output), string.Join(", ", Directory.GetFileSystemEntries(folders.Root, "*", SearchOption.AllDirectories)));
    }
}
