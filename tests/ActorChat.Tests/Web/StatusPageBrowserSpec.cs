using System.Net.Sockets;
using ActorChat.Hosting;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorChat.Tests.Web;

/// <summary>
/// The live status page in a real headless Chromium (Debian's /usr/bin/chromium, installed by scripts/test.sh;
/// Playwright never downloads a browser here).
/// </summary>
public sealed class StatusPageBrowserSpec : BrowserSpec
{
    private static readonly LocatorAssertionsToHaveTextOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task Status_page_shows_the_member_and_follows_echo_connections_as_they_open_and_close()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync($"http://{Node.Binding("web").LocalAddress}/status.html");

        await Expect(page.Locator("#connection")).ToHaveTextAsync("live", Patiently);
        await Expect(page.Locator("#member-count")).ToHaveTextAsync("1", Patiently);
        await Expect(page.Locator("#members td[data-name=status]")).ToHaveTextAsync("Up", Patiently);

        // Pushed, not polled: the page changes because the echo listener published a counter.
        var echo = Node.Binding("echo").LocalAddress;
        var clients = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(echo);
            clients.Add(client);
        }
        var connections = page.Locator("td[data-name='echo.connections']");
        await Expect(connections).ToHaveTextAsync("3", Patiently);

        foreach (var client in clients)
            client.Dispose();
        await Expect(connections).ToHaveTextAsync("0", Patiently);
    }
}
