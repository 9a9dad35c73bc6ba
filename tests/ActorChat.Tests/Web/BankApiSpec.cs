using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The bank over HTTP on a single node (SQLite in its own data folder): answers, refusals and bad input.</summary>
public sealed class BankApiSpec : IAsyncLifetime
{
    private ActorChatNode _node = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _node = await TestNodes.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://{_node.Binding("web").LocalAddress}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Bad_input_gets_400_with_a_short_reason_and_the_bank_keeps_serving()
    {
        Assert.Equal(HttpStatusCode.OK, (await Post("/api/accounts", new { id = "Tom", balance = 10_000 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post("/api/accounts", new { id = "Jack", balance = 6_000 })).Status);

        foreach (var bad in new object[]
                 {
                     new { id = "t0", from = "Tom", to = "Jack", amount = 0 },
                     new { id = "t0", from = "Tom", to = "Jack", amount = -5 },
                     new { id = "", from = "Tom", to = "Jack", amount = 5 },
                     new { id = "t0", from = "Tom", to = " ", amount = 5 },
                 })
        {
            var (status, body) = await Post("/api/transfers?wait=30", bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.StartsWith("expected", body.GetProperty("error").GetString());
        }
        var (badOpen, openBody) = await Post("/api/accounts", new { id = "Ann", balance = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, badOpen);
        Assert.StartsWith("expected", openBody.GetProperty("error").GetString());

        // dead_lock.py's transfer, then one the source cannot pay: applied, then refused; nothing moved twice.
        var (status1, applied) = await Post("/api/transfers?wait=30", new { id = "t1", from = "Tom", to = "Jack", amount = 4_800 });
        Assert.Equal(HttpStatusCode.OK, status1);
        Assert.Equal("Applied", applied.GetProperty("outcome").GetString());
        var (status2, refused) = await Post("/api/transfers?wait=30", new { id = "t2", from = "Jack", to = "Tom", amount = 1_000_000 });
        Assert.Equal(HttpStatusCode.OK, status2);
        Assert.Equal("Refused", refused.GetProperty("outcome").GetString());
        var (status3, again) = await Post("/api/transfers?wait=30", new { id = "t1", from = "Tom", to = "Jack", amount = 4_800 });
        Assert.Equal(HttpStatusCode.OK, status3);
        Assert.Equal("Applied", again.GetProperty("outcome").GetString());

        using var tom = JsonDocument.Parse(await _http.GetStringAsync("/api/accounts/Tom"));
        using var jack = JsonDocument.Parse(await _http.GetStringAsync("/api/accounts/Jack"));
        Assert.Equal(5_200, tom.RootElement.GetProperty("balance").GetInt64());
        Assert.Equal(10_800, jack.RootElement.GetProperty("balance").GetInt64());
    }
}
