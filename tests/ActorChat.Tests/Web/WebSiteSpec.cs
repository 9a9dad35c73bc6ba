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
        // The first answer loads the file into memory, the second comes from there: both carry the static file
        // middleware's own headers, so ranges and conditional requests (answered from disk) agree with them.
        using var first = await _http.GetAsync("/sub/page.html");
        using var second = await _http.GetAsync("/sub/page.html");
        Assert.Equal("<p>sub page</p>", await second.Content.ReadAsStringAsync());
        Assert.Equal("text/html", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(15, second.Content.Headers.ContentLength);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(first.Content.Headers.LastModified, second.Content.Headers.LastModified);
        Assert.Contains("bytes", second.Headers.AcceptRanges);

        using var range = new HttpRequestMessage(HttpMethod.Get, "/sub/page.html");
        range.Headers.Range = new RangeHeaderValue(3, 6);
        using var partial = await _http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("sub ", await partial.Content.ReadAsStringAsync());
        Assert.Equal(second.Headers.ETag, partial.Headers.ETag);
        Assert.Equal(second.Content.Headers.LastModified, partial.Content.Headers.LastModified);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/sub/page.html");
        conditional.Headers.IfNoneMatch.Add(second.Headers.ETag!);
        using var notModified = await _http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // A range that only holds while the file is unchanged: the cached ETag is the one the middleware accepts.
        using var ifRange = new HttpRequestMessage(HttpMethod.Get, "/sub/page.html");
        ifRange.Headers.Range = new RangeHeaderValue(0, 1);
        ifRange.Headers.IfRange = new RangeConditionHeaderValue(second.Headers.ETag!);
        using var ifRangePartial = await _http.SendAsync(ifRange);
        Assert.Equal(HttpStatusCode.PartialContent, ifRangePartial.StatusCode);
        Assert.Equal("<p", await ifRangePartial.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cached_file_changed_on_disk_is_served_fresh_at_once()
    {
        var path = Path.Combine(_site.Root, "news.txt");
        await File.WriteAllTextAsync(path, "first edition");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-10));
        using var before = await _http.GetAsync("/news.txt");
        Assert.Equal("first edition", await before.Content.ReadAsStringAsync());
        Assert.Equal("first edition", await _http.GetStringAsync("/news.txt")); // now from memory

        // Same length, new content and time: no waiting, the next request already sees it, with a new ETag.
        await File.WriteAllTextAsync(path, "later edition");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        using var after = await _http.GetAsync("/news.txt");
        Assert.Equal("later edition", await after.Content.ReadAsStringAsync());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);

        // Longer, then gone.
        await File.WriteAllTextAsync(path, "third, longer edition");
        Assert.Equal("third, longer edition", await _http.GetStringAsync("/news.txt"));
        File.Delete(path);
        using var gone = await _http.GetAsync("/news.txt");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("<h1>Sorry....</h1>", await gone.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Slash_from_memory_is_index_html_with_the_same_headers()
    {
        // `/` is answered from memory as `/index.html` (no default-file rewrite on the way): same body and headers.
        using var first = await _http.GetAsync("/");
        using var second = await _http.GetAsync("/");
        using var index = await _http.GetAsync("/index.html");
        foreach (var response in new[] { second, index })
        {
            Assert.Equal("<h1>test index</h1>", await response.Content.ReadAsStringAsync());
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(first.Headers.ETag, response.Headers.ETag);
            Assert.Equal(first.Content.Headers.LastModified, response.Content.Headers.LastModified);
        }

        // A folder with an index.html: without its slash, redirected to it; with it, its index.html (from memory
        // the second time). A folder without an index.html is still a 404.
        Directory.CreateDirectory(Path.Combine(_site.Root, "docs"));
        await File.WriteAllTextAsync(Path.Combine(_site.Root, "docs", "index.html"), "<p>docs</p>");
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
            { BaseAddress = _http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var folder = await noRedirect.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.MovedPermanently, folder.StatusCode);
        Assert.EndsWith("/docs/", folder.Headers.Location?.OriginalString);
        Assert.Equal("<p>docs</p>", await _http.GetStringAsync("/docs/"));
        Assert.Equal("<p>docs</p>", await _http.GetStringAsync("/docs/"));
        using var noIndex = await _http.GetAsync("/sub/");
        Assert.Equal(HttpStatusCode.NotFound, noIndex.StatusCode);
        Assert.Equal("<h1>Sorry....</h1>", await noIndex.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_site_file_never_shadows_an_api_endpoint()
    {
        // The static file middleware leaves paths an endpoint answers alone; the memory cache in front of it too.
        Directory.CreateDirectory(Path.Combine(_site.Root, "api"));
        await File.WriteAllTextAsync(Path.Combine(_site.Root, "api", "rooms"), "not the api");
        for (var i = 0; i < 2; i++)
        {
            using var response = await _http.GetAsync("/api/rooms");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("not the api", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Head_of_a_cached_file_gets_its_headers_and_no_body()
    {
        using var get = await _http.GetAsync("/sub/page.html");
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/sub/page.html"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(15, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task File_over_the_cache_limit_arrives_whole_to_many_clients_at_once()
    {
        // Regression (the earlier output cache with request locking): concurrent requests for a file over the
        // cache's size limit got `200` with an empty body.
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
