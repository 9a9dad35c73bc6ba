using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ActorChat.Bank;
using ActorChat.Hosting;
using Akka.Actor;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The file library, the bank and the browser members as the status page and the API see them, over real HTTP.</summary>
public sealed class StatusSectionsSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _library = Directory.CreateTempSubdirectory("actorchat-library-").FullName;
    private ActorChatNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllBytes(Path.Combine(_library, "a.bin"), new byte[1000]);
        _node = await TestNodes.StartAsync($"""
            actorchat.files.root = {NodeConfig.Quote(_library)}
            actorchat.web.section-refresh = 200ms
            """);
        _http = new HttpClient { BaseAddress = new Uri($"http://{_node.Binding("web").LocalAddress}/"), Timeout = Patience };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        Directory.Delete(_library, recursive: true);
    }

    [Fact]
    public async Task Library_section_lists_each_file_with_its_size_and_follows_a_new_file()
    {
        await Eventually("/api/sections/library", s =>
            s.GetProperty("files").GetInt32() == 1 && s.GetProperty("totalBytes").GetInt64() == 1000
            && s.GetProperty("entries")[0].GetProperty("name").GetString() == "a.bin");

        File.WriteAllBytes(Path.Combine(_library, "b.bin"), new byte[234]);
        await Eventually("/api/sections/library", s =>
            s.GetProperty("files").GetInt32() == 2 && s.GetProperty("totalBytes").GetInt64() == 1234);
    }

    [Fact]
    public async Task Bank_accounts_and_transfer_outcomes_are_read_from_the_journal()
    {
        var bank = _node.Registry.Get<BankRegistryKey>();
        var timeout = TimeSpan.FromSeconds(30);
        await bank.Ask<AccountBalance>(new OpenAccount("Tom", 10_000), timeout);
        await bank.Ask<AccountBalance>(new OpenAccount("Jack", 6_000), timeout);
        Assert.Equal(TransferOutcome.Applied,
            (await bank.Ask<TransferCompleted>(new StartTransfer("t1", "Tom", "Jack", 2_500), timeout)).Outcome);
        Assert.Equal(TransferOutcome.Refused,
            (await bank.Ask<TransferCompleted>(new StartTransfer("t2", "Jack", "Tom", 1_000_000), timeout)).Outcome);

        // An applied transfer's end reaches the source's journal with its next write or retry tick
        // (step-retry), after the caller was told: until then the journal shows it pending.
        var accounts = await Eventually("/api/accounts", a =>
            a.GetProperty("totals").GetProperty("accounts").GetInt32() == 2
            && a.GetProperty("totals").GetProperty("refused").GetInt64() == 1
            && a.GetProperty("totals").GetProperty("applied").GetInt64() == 1);
        var totals = accounts.GetProperty("totals");
        Assert.Equal(16_000, totals.GetProperty("totalMoney").GetInt64());
        Assert.Equal(0, totals.GetProperty("negative").GetInt32());
        Assert.Equal(1, totals.GetProperty("applied").GetInt64());
        Assert.Equal(0, totals.GetProperty("pending").GetInt64());
        var balances = accounts.GetProperty("accounts").EnumerateArray()
            .ToDictionary(a => a.GetProperty("account").GetString()!, a => a.GetProperty("balance").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["Jack"] = 8_500, ["Tom"] = 7_500 }, balances);

        // The live page gets the same totals as a section.
        await Eventually("/api/sections/bank", s => s.GetProperty("accounts").GetInt32() == 2
                                                    && s.GetProperty("totalMoney").GetInt64() == 16_000);
    }

    [Fact]
    public async Task Stopping_the_node_tells_a_browser_member_the_closing_notice_then_EXIT_like_a_UDP_member()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{_node.Binding("web").LocalAddress}/chat/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("L dora"), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("OK", await Receive(socket));

        var stopping = _node.StopAsync();
        Assert.Equal("\n管理员: 服务器即将关闭 (server shutting down)", await Receive(socket));
        Assert.Equal("EXIT", await Receive(socket));
        // Then the server closes the socket properly (no reset at Kestrel's shutdown timeout).
        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal(WebSocketMessageType.Close, (await socket.ReceiveAsync(new byte[16], timeout.Token)).MessageType);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        await stopping;
    }

    private static async Task<string> Receive(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>GETs <paramref name="path"/> until its JSON satisfies <paramref name="condition"/>; returns that JSON.</summary>
    private async Task<JsonElement> Eventually(string path, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _http.GetAsync(path);
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                if (condition(json))
                    return json;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"{path} never satisfied the condition; last answer: {last}");
    }
}
