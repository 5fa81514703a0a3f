using Microsoft.Playwright;
using MLNet.NeuralExtensions.ModelSearch.Reporting;
using MLNet.NeuralExtensions.ModelSearch.Tests.Infrastructure;

namespace MLNet.NeuralExtensions.ModelSearch.Tests.Reporting;

/// <summary>report.html opened in Debian's chromium, headless, driven by Playwright (never a browser Playwright
/// downloads): every picture loads and the leaderboard has a row per trial.</summary>
[TestClass]
public sealed class ReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static IPlaywright? s_playwright;
    private static IBrowserContext? s_browser;
    private static DirectoryInfo? s_profile;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        if (!File.Exists(Chromium))
        {
            return;
        }
        s_profile = Directory.CreateTempSubdirectory("mlnx-report-chromium-");
        s_playwright = await Playwright.CreateAsync();
        s_browser = await s_playwright.Chromium.LaunchPersistentContextAsync(s_profile.FullName, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        if (s_browser is not null)
        {
            await s_browser.DisposeAsync();
        }
        s_playwright?.Dispose();
        s_profile?.Delete(recursive: true);
    }

    [TestMethod]
    [DynamicData(nameof(SearchedReports.Tasks), typeof(SearchedReports))]
    public async Task EveryPictureLoadsAndTheLeaderboardHasARowPerTrial(ModelSearchTask task)
    {
        if (s_browser is null)
        {
            Assert.Inconclusive($"{Chromium} is missing, so the report is not opened in a browser: install Debian's chromium (apt-get install -y chromium; eng/test.sh does so when run as root).");
        }
        Searched searched = SearchedReports.Of(task);
        using var files = new TempFiles();
        searched.Report.Save(files.Root);
        IPage page = await s_browser.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        IResponse? response = await page.GotoAsync(new Uri(files.PathOf(ModelSearchReport.PageFileName)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        string[] broken = await page.EvaluateAsync<string[]>("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
        int images = await page.Locator("img").CountAsync();
        int rows = await page.Locator("#leaderboard tbody tr").CountAsync();
        string title = await page.TitleAsync();
        await page.CloseAsync();

        Assert.IsNotNull(response);
        Assert.IsTrue(response.Ok);
        Assert.AreEqual(searched.Report.ToHtml().Split("<img ").Length - 1, images);
        Assert.IsGreaterThan(0, images);
        Assert.IsEmpty(broken, $"Broken pictures: {string.Join(", ", broken)}.");
        Assert.AreEqual(searched.Result.Trials.Count, rows);
        StringAssert.StartsWith(title, task.ToString());
        Assert.IsTrue(requested.All(u => u.StartsWith("file:", StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal)), $"The page fetched {string.Join(", ", requested)}.");
    }
}
