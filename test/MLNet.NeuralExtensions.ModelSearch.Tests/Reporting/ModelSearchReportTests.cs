using System.Text.RegularExpressions;
using MLNet.NeuralExtensions.ModelSearch.Reporting;
using MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.ModelSearch.Tests.Reporting;

/// <summary>report.json and report.html: the round trip, the page's pictures, and bad files.</summary>
[TestClass]
public sealed partial class ModelSearchReportTests
{
    [TestMethod]
    [DynamicData(nameof(SearchedReports.Tasks), typeof(SearchedReports))]
    public void SavedReportLoadsAndRedrawsTheSamePage(ModelSearchTask task)
    {
        ModelSearchReport report = SearchedReports.Of(task).Report;
        using var files = new TempFiles();
        report.Save(files.Root);
        string page = File.ReadAllText(files.PathOf(ModelSearchReport.PageFileName));
        string json = File.ReadAllText(files.PathOf(ModelSearchReport.DataFileName));

        ModelSearchReport loaded = ModelSearchReport.Load(files.Root);
        Assert.AreEqual(page, loaded.ToHtml());
        loaded.Save(files.Root);
        Assert.AreEqual(json, File.ReadAllText(files.PathOf(ModelSearchReport.DataFileName)));
        Assert.AreEqual(page, File.ReadAllText(files.PathOf(ModelSearchReport.PageFileName)));
        CollectionAssert.AreEquivalent(new[] { ModelSearchReport.DataFileName, ModelSearchReport.PageFileName }, Directory.GetFiles(files.Root).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(SearchedReports.Tasks), typeof(SearchedReports))]
    public void PageIsSelfContainedWithAPictureForEachDiagnostic(ModelSearchTask task)
    {
        ModelSearchReport report = SearchedReports.Of(task).Report;
        string page = report.ToHtml();
        ModelDiagnostics d = report.Diagnostics!;
        int expected = new object?[] { d.Roc, d.PrecisionRecall, d.Residuals, d.Importance.Count > 0 ? d.Importance : null, d.LearningCurve, d.SomMap }.Count(x => x is not null);

        string[] sources = [.. ImageSource().Matches(page).Select(m => m.Groups[1].Value)];
        Assert.HasCount(expected, sources);
        Assert.IsGreaterThan(0, expected);
        Assert.IsTrue(sources.All(s => s.StartsWith("data:image/png;base64,", StringComparison.Ordinal)));
        Assert.DoesNotContain("http:", page);
        Assert.DoesNotContain("https:", page);
        Assert.AreEqual(d.Confusion is not null, page.Contains("id=\"confusion\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public void MissingOrBrokenReportFilesAreNamed()
    {
        using var files = new TempFiles();
        FileNotFoundException missing = Assert.ThrowsExactly<FileNotFoundException>(() => ModelSearchReport.Load(files.Root));
        StringAssert.Contains(missing.Message, ModelSearchReport.DataFileName);
        files.Write(ModelSearchReport.DataFileName, "{ \"Leaderboard\": 3 }");
        InvalidDataException broken = Assert.ThrowsExactly<InvalidDataException>(() => ModelSearchReport.Load(files.Root));
        StringAssert.Contains(broken.Message, "is not a search report");
    }

    [GeneratedRegex("<img src=\"([^\"]*)\"")]
    private static partial Regex ImageSource();
}
