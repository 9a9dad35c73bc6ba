using ActorChat.Hosting;
using Microsoft.Playwright;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>
/// A test node and a real headless Chromium: Debian's /usr/bin/chromium, installed by scripts/test.sh;
/// Playwright never downloads a browser here.
/// </summary>
public abstract class BrowserSpec : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright _playwright = null!;

    protected ActorChatNode Node { get; private set; } = null!;
    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/test.sh, which installs Debian's chromium");
        Node = await TestNodes.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Node.DisposeAsync();
    }
}
