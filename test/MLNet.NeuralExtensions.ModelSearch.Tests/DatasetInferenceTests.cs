using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.ModelSearch.Tests;

[TestClass]
public sealed class DatasetInferenceTests
{
    private readonly MLContext _ml = new(1);

    [TestMethod]
    public void ColumnsGetRolesFromTheirValues()
    {
        using var files = new TempFiles();
        var lines = new List<string> { "Id;Age;City;Review;Code;Constant;Empty;Label" };
        string[] cities = ["Paris", "Oslo", "Rome"];
        string[] words = ["good", "bad", "fine", "slow", "fast", "cheap", "loud", "quiet", "clean", "broken"];
        for (int i = 0; i < 120; i++)
        {
            string age = i % 10 == 3 ? "NA" : (20 + (i % 50)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            string review = $"\"{words[i % 10]} {words[(i * 3) % 10]} and {words[(i * 7) % 10]} item {i}\"";
            lines.Add($"{i + 1};{age};{cities[i % 3]};{review};C{i % 400:D3}x{i};same;;{(i % 4 == 0 ? "yes" : "no")}");
        }
        string path = files.Write("data.csv", [.. lines]);

        DatasetAnalysis analysis = DatasetInference.Analyze(_ml, path, ModelSearchTask.BinaryClassification, "Label");

        Assert.AreEqual(';', analysis.Separator);
        Assert.AreEqual(120L, analysis.Rows);
        var roles = analysis.Columns.ToDictionary(c => c.Name, c => c.Role);
        Assert.AreEqual(ColumnRole.Ignored, roles["Id"], "consecutive distinct integers are an identifier");
        Assert.AreEqual(ColumnRole.Numeric, roles["Age"]);
        Assert.AreEqual(12, analysis.Columns.Single(c => c.Name == "Age").MissingValues, "NA counts as missing");
        Assert.AreEqual(ColumnRole.Categorical, roles["City"]);
        Assert.AreEqual(ColumnRole.Text, roles["Review"]);
        Assert.AreEqual(ColumnRole.Ignored, roles["Code"], "one-word text, every value distinct, is an identifier");
        Assert.AreEqual(ColumnRole.Ignored, roles["Constant"]);
        Assert.AreEqual(ColumnRole.Ignored, roles["Empty"]);
        Assert.AreEqual("constant", analysis.Columns.Single(c => c.Name == "Constant").Reason);
        Assert.AreEqual("yes", analysis.PositiveClass, "yes is the positive value of a no/yes label");
    }

    [TestMethod]
    public void HighCardinalityShortTextIsHashed()
    {
        using var files = new TempFiles();
        var lines = new List<string> { "Zip,Income,Label" };
        for (int i = 0; i < 400; i++)
        {
            lines.Add($"Z{i % 150},{i * 3 % 97},{(i % 3 == 0 ? "a" : "b")}");
        }
        DatasetAnalysis analysis = DatasetInference.Analyze(_ml, files.Write("zip.csv", [.. lines]), ModelSearchTask.BinaryClassification, "Label");
        Assert.AreEqual(ColumnRole.HashedCategorical, analysis.Columns[0].Role);
        Assert.AreEqual("a", analysis.PositiveClass, "without known values the rarer class is positive");
    }

    [TestMethod]
    public void PimaIsReadWithItsQuotedLabelAndMissingInsulin()
    {
        DatasetAnalysis analysis = DatasetInference.Analyze(_ml, Datasets.Path("pima-diabetes.csv"), ModelSearchTask.BinaryClassification, "diabetes");
        Assert.AreEqual(768L, analysis.Rows);
        CollectionAssert.AreEqual(new[] { "neg", "pos" }, analysis.Classes.ToArray());
        Assert.AreEqual(8, analysis.FeatureColumns.Count());
        Assert.IsTrue(analysis.Columns.Single(c => c.Name == "insulin").MissingValues > 300);
    }

    [TestMethod]
    public void TheFeaturizationImputesFlagsEncodesAndNormalizes()
    {
        DatasetAnalysis analysis = DatasetInference.Analyze(_ml, Datasets.Path("pima-diabetes.csv"), ModelSearchTask.BinaryClassification, "diabetes");
        (IEstimator<ITransformer> estimator, IReadOnlyList<string> steps) = Featurization.Create(_ml, analysis);
        IDataView data = analysis.Load(_ml);
        IDataView featurized = estimator.Fit(data).Transform(data);
        float[][] features = [.. featurized.GetColumn<float[]>(Featurization.FeatureColumnName)];
        int incomplete = analysis.FeatureColumns.Count(c => c.MissingValues > 0);
        Assert.AreEqual(8 + incomplete, features[0].Length, "one indicator slot per column with missing values");
        Assert.IsTrue(features.All(r => r.All(float.IsFinite)), "no NaN reaches the trainers");
        Assert.IsTrue(steps.Any(s => s.StartsWith("ReplaceMissingValues(", StringComparison.Ordinal)));
        Assert.AreEqual("NormalizeMeanVariance(Features)", steps[^1]);
    }

    [TestMethod]
    public void ALabelWithOneValueIsRefusedNamingIt()
    {
        using var files = new TempFiles();
        string path = files.Write("one.csv", "x,y", "1,a", "2,a", "3,a");
        var e = Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, path, ModelSearchTask.BinaryClassification, "y"));
        StringAssert.Contains(e.Message, "'y'");
        StringAssert.Contains(e.Message, "single value ('a')");
    }

    [TestMethod]
    public void AMissingLabelColumnIsRefusedListingTheColumns()
    {
        var e = Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, Datasets.Path("iris.csv"), ModelSearchTask.MulticlassClassification, "Class"));
        StringAssert.Contains(e.Message, "no column 'Class'");
        StringAssert.Contains(e.Message, "Species");
    }

    [TestMethod]
    public void EmptyHeaderOnlyAndBinaryFilesAreRefused()
    {
        using var files = new TempFiles();
        string empty = files.Write("empty.csv");
        string header = files.Write("header.csv", "a,b");
        string binary = files.PathOf("binary.csv");
        File.WriteAllBytes(binary, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x0A, 0x00, 0xFF, 0xFE, 0x00, 0x01, 0x0A, 0x00]);
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, empty, ModelSearchTask.Regression, "b")).Message, "is empty");
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, header, ModelSearchTask.Regression, "b")).Message, "no data rows");
        StringAssert.Matches(Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, binary, ModelSearchTask.Regression, "b")).Message, new System.Text.RegularExpressions.Regex("is not (UTF-8|delimited) text"));
        Assert.Throws<FileNotFoundException>(() => DatasetInference.Analyze(_ml, files.PathOf("absent.csv"), ModelSearchTask.Regression, "b"));
    }

    [TestMethod]
    public void ATextRegressionLabelAndAMulticlassLabelForBinaryAreRefused()
    {
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, Datasets.Path("iris.csv"), ModelSearchTask.Regression, "Species")).Message, "must be numbers");
        StringAssert.Contains(Assert.Throws<InvalidDataException>(() => DatasetInference.Analyze(_ml, Datasets.Path("iris.csv"), ModelSearchTask.BinaryClassification, "Species")).Message, "has 3 values");
    }
}
