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

    private async Task<(HttpStatusCode Status, string? Error)> PostRaw(string path, string body, string contentType)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        using var response = await _http.PostAsync(path, content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_request_the_api_cannot_read_gets_its_status_and_a_one_line_reason_not_an_empty_body()
    {
        var (notJson, notJsonError) = await PostRaw("/api/transfers", "{\"id\": \"t1\", \"amount\": ", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson);
        Assert.Contains("as JSON", notJsonError);

        var (notAJsonType, typeError) = await PostRaw("/api/accounts", "id=Tom&balance=10", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notAJsonType);
        Assert.Contains("JSON", typeError);

        var (badWait, waitError) = await PostRaw("/api/transfers?wait=soon", "{\"id\":\"t1\",\"from\":\"a\",\"to\":\"b\",\"amount\":1}", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, badWait);
        Assert.Contains("soon", waitError);

        using var delete = await _http.DeleteAsync("/api/accounts/Tom");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        using (var json = JsonDocument.Parse(await delete.Content.ReadAsStringAsync()))
            Assert.Contains("DELETE", json.RootElement.GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Post("/api/accounts", new { id = "Tom", balance = 10 })).Status);
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
