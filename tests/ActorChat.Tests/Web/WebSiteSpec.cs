using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ActorChat.Hosting;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The static site over real HTTP, against the seed's HTTPServer v2.0 and its flaws.</summary>
public sealed class WebSiteSpec : IAsyncLifetime
{
    private readonly TestSite _site = new();
    private ActorChatNode _node = null!;
    private HttpClient _http = null!;
    private IPEndPoint _web = null!;

    public async Task InitializeAsync()
    {
        // data.bin (300 KB) is over the cache's file limit here, so both paths (memory, disk) are exercised.
        _node = await TestNodes.StartAsync(_site.Hocon + "\nactorchat.web.cache.max-file-size = 64k");
        _web = _node.Binding("web").LocalAddress;
        _http = new HttpClient { BaseAddress = new Uri($"http://{_web}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        _site.Dispose();
    }

    [Fact]
    public async Task Slash_serves_index_html_with_type_length_and_etag()
    {
        using var response = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(19, response.Content.Headers.ContentLength);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("<h1>test index</h1>", await response.Content.ReadAsStringAsync());

        // The ETag is real: asking again with it gets 304 and no body.
        using var again = new HttpRequestMessage(HttpMethod.Get, "/index.html");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Binary_file_arrives_intact_with_its_length_not_the_seeds_fixed_image()
    {
        using var response = await _http.GetAsync("/data.bin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_site.Binary.Length, response.Content.Headers.ContentLength);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(SHA256.HashData(_site.Binary), SHA256.HashData(body));
    }

    [Fact]
    public async Task Range_request_gets_206_and_exactly_those_bytes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/data.bin");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 1000-1999/{_site.Binary.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(_site.Binary.AsSpan(1000, 1000).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Cached_file_still_answers_ranges_and_etags_correctly()
    {
        using var first = await _http.GetAsync("/sub/page.html");
        using var second = await _http.GetAsync("/sub/page.html");
        // The second answer came from memory (the output cache adds Age) and is the same page.
        Assert.NotNull(second.Headers.Age);
        Assert.Equal("<p>sub page</p>", await second.Content.ReadAsStringAsync());

        using var range = new HttpRequestMessage(HttpMethod.Get, "/sub/page.html");
        range.Headers.Range = new RangeHeaderValue(3, 6);
        using var partial = await _http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("sub ", await partial.Content.ReadAsStringAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/sub/page.html");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await _http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task File_over_the_cache_limit_arrives_whole_to_many_clients_at_once()
    {
        // Regression: with the output cache's request locking on, concurrent requests for a file over its size
        // limit got `200` with an empty body.
        var expected = SHA256.HashData(_site.Binary);
        for (var round = 0; round < 3; round++)
        {
            var bodies = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => _http.GetByteArrayAsync("/data.bin")));
            Assert.All(bodies, body => Assert.Equal(expected, SHA256.HashData(body)));
        }
    }

    [Theory]
    [InlineData("/missing.html")]
    [InlineData("/missing.png")]
    [InlineData("/sub/nothing/here")]
    public async Task Missing_page_gets_404_with_the_seeds_Sorry_body(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("<h1>Sorry....</h1>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/sub/../../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E%2Fsecret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/sub/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/%252e%252e/secret.txt")]
    public async Task Paths_that_climb_out_of_the_site_are_refused(string path)
    {
        // Raw bytes on a socket: HttpClient would tidy the path up before sending it.
        var (status, body) = await RawGet(path);
        Assert.NotEqual(200, status);
        Assert.DoesNotContain(TestSite.SecretText, body);
    }

    [Fact]
    public async Task Sub_folder_pages_are_served()
    {
        Assert.Equal("<p>sub page</p>", await _http.GetStringAsync("/sub/page.html"));
    }

    private async Task<(int Status, string Body)> RawGet(string path)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_web);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = int.Parse(text.Split(' ', 3)[1]);
        return (status, text);
    }
}
