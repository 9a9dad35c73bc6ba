using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The JSON API and the live status stream, over real HTTP.</summary>
public sealed class WebApiSpec : IAsyncLifetime
{
    private readonly string _library = Directory.CreateTempSubdirectory("actorchat-library-").FullName;
    private ActorChatNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllBytes(Path.Combine(_library, "notes.bin"), Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray());
        _node = await TestNodes.StartAsync($"actorchat.files.root = {NodeConfig.Quote(_library)}");
        _http = new HttpClient { BaseAddress = new Uri($"http://{_node.Binding("web").LocalAddress}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        Directory.Delete(_library, recursive: true);
    }

    [Fact]
    public async Task File_library_is_listed_and_downloaded_over_http()
    {
        using var files = JsonDocument.Parse(await _http.GetStringAsync("/api/files"));
        var entry = Assert.Single(files.RootElement.EnumerateArray());
        Assert.Equal("notes.bin", entry.GetProperty("name").GetString());
        Assert.Equal(5000, entry.GetProperty("size").GetInt64());

        var bytes = await _http.GetByteArrayAsync("/files/notes.bin");
        Assert.Equal(File.ReadAllBytes(Path.Combine(_library, "notes.bin")), bytes);

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/files/missing.bin")).StatusCode);
        var escape = await _http.GetAsync("/files/..%2F..%2Fetc%2Fpasswd");
        Assert.True(escape.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, escape.StatusCode.ToString());
    }

    [Fact]
    public async Task Web_binding_reports_the_real_port_when_port_0_was_asked()
    {
        var web = _node.Binding("web");
        Assert.Equal("tcp", web.Transport);
        Assert.NotEqual(0, web.LocalAddress.Port);
        using var node = JsonDocument.Parse(await _http.GetStringAsync("/api/node"));
        var services = node.RootElement.GetProperty("services").EnumerateArray()
            .ToDictionary(s => s.GetProperty("service").GetString()!, s => s.GetProperty("address").GetString()!);
        Assert.Equal(web.LocalAddress.ToString(), services["web"]);
        Assert.Equal(_node.Binding("echo").LocalAddress.ToString(), services["echo"]);
    }

    [Fact]
    public async Task Members_lists_this_node_as_Up()
    {
        var self = Akka.Cluster.Cluster.Get(_node.System).SelfAddress.ToString();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var members = JsonDocument.Parse(await _http.GetStringAsync("/api/members"));
            var up = members.RootElement.EnumerateArray().Any(m =>
                m.GetProperty("address").GetString() == self && m.GetProperty("status").GetString() == "Up");
            if (up)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"no Up member {self} in {members.RootElement}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Rooms_lists_the_members_the_room_itself_reports()
    {
        using var carol = new ActorChat.Tests.Chat.UdpChatClient(_node.Binding("chat").LocalAddress);
        Assert.Equal("OK", await carol.Login("carol"));
        using var rooms = JsonDocument.Parse(await _http.GetStringAsync("/api/rooms"));
        var members = rooms.RootElement[0].GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("carol", members);
    }

    [Fact]
    public async Task Unknown_api_path_and_section_get_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/sections/rooms")).StatusCode);
    }

    [Fact]
    public async Task A_feature_publishing_a_status_section_appears_in_the_api()
    {
        _node.System.EventStream.Publish(new ActorChat.Web.StatusSection("rooms", new[] { new { Name = "main", Members = 3 } }));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await _http.GetAsync("/api/sections/rooms");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var rooms = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(3, rooms.RootElement[0].GetProperty("members").GetInt32());
                return;
            }
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Status_stream_pushes_the_echo_connection_count_as_it_changes()
    {
        using var response = await _http.GetAsync("/api/status/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync());

        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(_node.Binding("echo").LocalAddress);
        Assert.Equal(1, await NextCount(events, c => c == 1));

        client.Close();
        Assert.Equal(0, await NextCount(events, c => c == 0));
    }

    private static async Task<long> NextCount(StreamReader events, Func<long, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await events.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            using var snapshot = JsonDocument.Parse(line["data: ".Length..]);
            foreach (var counter in snapshot.RootElement.GetProperty("counters").EnumerateArray())
                if (counter.GetProperty("name").GetString() == "echo.connections"
                    && wanted(counter.GetProperty("total").GetInt64()))
                    return counter.GetProperty("total").GetInt64();
        }
        throw new InvalidOperationException("status stream ended");
    }
}
