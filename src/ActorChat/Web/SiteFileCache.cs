using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ActorChat.Web;

/// <summary>
/// Answers plain GET and HEAD requests for site files from their bytes kept in memory; everything else (ranges,
/// conditional requests, missing files, files over the size limit) goes on to the static file middleware, which
/// reads the file. Every request still looks at the file's length and modification time, so a file changed on
/// disk is read again at once, never served stale. The headers are the static file middleware's own: the same
/// type, length, Last-Modified, ETag (so a range or If-None-Match sent later matches) and Accept-Ranges.
/// </summary>
/// <remarks>
/// Why not ASP.NET Core's output cache: it keys, stores and replays whole responses (headers included) and
/// still lets the static file middleware stat the file behind it only on a miss, so it held a file for a fixed
/// time (stale meanwhile) and cost more per request than this lookup (bench/README.md, Web).
/// </remarks>
public sealed class SiteFileCache : IDisposable
{
    private readonly IFileProvider _files;
    private readonly IContentTypeProvider _types;
    private readonly string _defaultType;
    private readonly long _maxFileBytes;
    private readonly MemoryCache _cache;

    public SiteFileCache(IFileProvider files, IContentTypeProvider types, string defaultType, long cacheBytes, long maxFileBytes)
    {
        _files = files;
        _types = types;
        _defaultType = defaultType;
        _maxFileBytes = maxFileBytes;
        // MemoryCache is thread-safe and bounded by the sum of the entries' sizes (their byte counts).
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheBytes });
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var file = IsPlain(context.Request) ? await FindAsync(context.Request.Path) : null;
        if (file is null)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = file.ContentType;
        response.ContentLength = file.Bytes.Length;
        var headers = response.Headers;
        headers.LastModified = file.LastModified;
        headers.ETag = file.ETag;
        headers.AcceptRanges = "bytes";
        if (HttpMethods.IsHead(context.Request.Method))
            return;
        await response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>A request the static file middleware would answer with the whole file and a 200.</summary>
    private static bool IsPlain(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return false;
        var headers = request.Headers;
        return headers.Range.Count == 0 && headers.IfRange.Count == 0
               && headers.IfMatch.Count == 0 && headers.IfNoneMatch.Count == 0
               && headers.IfModifiedSince.Count == 0 && headers.IfUnmodifiedSince.Count == 0;
    }

    private async ValueTask<CachedFile?> FindAsync(PathString path)
    {
        if (!path.HasValue)
            return null;
        // The provider refuses paths that climb out of the site and hidden files, exactly as for the middleware.
        var info = _files.GetFileInfo(path.Value!);
        if (!info.Exists || info.IsDirectory || info.Length > _maxFileBytes || info.PhysicalPath is null)
            return null;
        if (_cache.TryGetValue(path.Value!, out CachedFile? cached) && cached!.IsCurrent(info))
            return cached;

        var bytes = await File.ReadAllBytesAsync(info.PhysicalPath);
        if (bytes.Length != info.Length)
            return null; // being written right now: let the middleware serve it from disk
        var file = CachedFile.Create(info, bytes, _types.TryGetContentType(path.Value!, out var type) ? type : _defaultType);
        _cache.Set(path.Value!, file, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length) });
        return file;
    }

    private sealed record CachedFile(byte[] Bytes, DateTimeOffset Modified, string ContentType, string LastModified, string ETag)
    {
        public bool IsCurrent(IFileInfo info) => info.Length == Bytes.Length && info.LastModified == Modified;

        public static CachedFile Create(IFileInfo info, byte[] bytes, string contentType)
        {
            // The static file middleware's Last-Modified (whole seconds) and ETag (that time ^ length, in hex).
            var last = info.LastModified;
            var lastModified = new DateTimeOffset(last.Year, last.Month, last.Day, last.Hour, last.Minute, last.Second, last.Offset)
                .ToUniversalTime();
            var etag = '"' + Convert.ToString(lastModified.ToFileTime() ^ bytes.LongLength, 16) + '"';
            return new CachedFile(bytes, last, contentType, HeaderUtilities.FormatDate(lastModified), etag);
        }
    }
}
