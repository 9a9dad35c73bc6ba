using ActorChat.Hosting;
using ActorChat.Tests.Chat;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace ActorChat.Tests.Web;

/// <summary>
/// The browser chat page in headless Chromium, in the same room as a UDP client speaking the seed's protocol.
/// </summary>
public sealed class ChatPageBrowserSpec : BrowserSpec
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task Browser_member_and_UDP_member_talk_in_one_room_under_the_same_rules()
    {
        using var bob = new UdpChatClient(Node.Binding("chat").LocalAddress);
        Assert.Equal("OK", await bob.Login("bob"));

        var page = await Browser.NewPageAsync();
        await page.GotoAsync($"http://{Node.Binding("web").LocalAddress}/chat.html");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("connected", new() { Timeout = 30_000 });
        await page.FillAsync("#name", "alice");
        await page.ClickAsync("#join");
        await Expect(page.Locator("#log li", new() { HasText = "joined as alice" })).ToBeVisibleAsync(Patiently);

        // The seed's welcome notice reaches the UDP member.
        Assert.Equal("\n欢迎 alice 进入聊天室", await bob.Receive());

        // UDP → browser.
        bob.Send("C bob hello alice");
        await Expect(page.Locator("#log li", new() { HasText = "bob: hello alice" })).ToBeVisibleAsync(Patiently);

        // Browser → UDP.
        await page.FillAsync("#text", "hi bob");
        await page.ClickAsync("#say");
        Assert.Equal("\nalice: hi bob", await bob.Receive());

        // A browser cannot speak as someone else any more than a UDP client can.
        await page.EvaluateAsync("window.chatSocket.send('C bob I am bob')");
        await Expect(page.Locator("#log li", new() { HasText = "not your name" })).ToBeVisibleAsync(Patiently);

        // Closing the tab leaves the room: the others are told.
        await page.CloseAsync();
        Assert.Equal("\nalice 退出聊天室", await bob.Receive(timeoutMs: 30_000));
    }
}
