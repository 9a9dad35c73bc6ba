using System.Net.Sockets;
using ActorChat.Bank;
using ActorChat.Hosting;
using ActorChat.Tests.Chat;
using Akka.Actor;
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

    [Fact]
    public async Task Status_page_shows_the_room_and_its_host_node_the_library_and_the_bank()
    {
        var library = Node.Config.GetString("actorchat.files.root");
        File.WriteAllBytes(Path.Combine(library, "song.ogg"), new byte[4321]);
        var bank = Node.Registry.Get<BankRegistryKey>();
        await bank.Ask<AccountBalance>(new OpenAccount("Tom", 10_000), TimeSpan.FromSeconds(30));
        await bank.Ask<AccountBalance>(new OpenAccount("Jack", 6_000), TimeSpan.FromSeconds(30));
        using var bob = new UdpChatClient(Node.Binding("chat").LocalAddress);
        Assert.Equal("OK", await bob.Login("bob"));

        var page = await Browser.NewPageAsync();
        await page.GotoAsync($"http://{Node.Binding("web").LocalAddress}/status.html");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live", Patiently);

        var self = Akka.Cluster.Cluster.Get(Node.System).SelfAddress.ToString();
        await Expect(page.Locator("#rooms td[data-name=room]")).ToHaveTextAsync("main", Patiently);
        await Expect(page.Locator("#rooms td[data-name=node]")).ToHaveTextAsync(self, Patiently);
        await Expect(page.Locator("#rooms td[data-name=members]")).ToHaveTextAsync("bob", Patiently);

        await Expect(page.Locator("#library-files")).ToHaveTextAsync("1", Patiently);
        await Expect(page.Locator("#library-bytes")).ToHaveTextAsync("4321", Patiently);
        await Expect(page.Locator("#library td[data-name=file]")).ToHaveTextAsync("song.ogg", Patiently);

        await Expect(page.Locator("#bank-accounts")).ToHaveTextAsync("2", Patiently);
        await Expect(page.Locator("#bank-total")).ToHaveTextAsync("16000", Patiently);
        await Expect(page.Locator("#bank-largest td[data-name=account]").First).ToHaveTextAsync("Tom", Patiently);
    }
}
