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
    /// <summary>Largest piece of a body copied into Kestrel's pipe at once (measured against 64 KiB to 1 MiB).</summary>
    private const int WritePiece = 512 * 1024;

    private readonly IFileProvider _files;
    private readonly IContentTypeProvider _types;
    private readonly string _defaultType;
    private readonly string _defaultFile;
    private readonly long _maxFileBytes;
    private readonly MemoryCache _cache;

    /// <param name="defaultFile">What a path ending in `/` serves, as the default files middleware would rewrite it.</param>
    public SiteFileCache(IFileProvider files, IContentTypeProvider types, string defaultType, string defaultFile,
        long cacheBytes, long maxFileBytes)
    {
        _files = files;
        _types = types;
        _defaultType = defaultType;
        _defaultFile = defaultFile;
        _maxFileBytes = maxFileBytes;
        // MemoryCache is thread-safe and bounded by the sum of the entries' sizes (their byte counts).
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = cacheBytes });
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var file = IsPlain(context) ? await FindAsync(context.Request.Path) : null;
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
        // Big files go out in pieces, each handed to the socket before the next is copied into the connection's
        // pipe: the pipe's blocks come back to the pool and are reused while still in the CPU's cache.
        for (var offset = 0; offset < file.Bytes.Length; offset += WritePiece)
        {
            var piece = file.Bytes.AsMemory(offset, Math.Min(WritePiece, file.Bytes.Length - offset));
            await response.BodyWriter.WriteAsync(piece, context.RequestAborted);
        }
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>A request the static file middleware would answer with the whole file and a 200.</summary>
    private static bool IsPlain(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return false;
        // A path an endpoint (the API, the chat socket) answers is never a site file, as for the static file middleware.
        if (context.GetEndpoint() is not null)
            return false;
        var headers = request.Headers;
        return headers.Range.Count == 0 && headers.IfRange.Count == 0
               && headers.IfMatch.Count == 0 && headers.IfNoneMatch.Count == 0
               && headers.IfModifiedSince.Count == 0 && headers.IfUnmodifiedSince.Count == 0;
    }

    private async ValueTask<CachedFile?> FindAsync(PathString requestPath)
    {
        if (!requestPath.HasValue)
            return null;
        var path = requestPath.Value!;
        // A hit costs one stat of a path the provider already accepted for this very request path.
        if (_cache.TryGetValue(path, out CachedFile? cached) && cached!.IsCurrent())
            return cached;

        // The provider refuses paths that climb out of the site and hidden files, exactly as for the middleware.
        var info = _files.GetFileInfo(path.EndsWith('/') ? path + _defaultFile : path);
        if (!info.Exists || info.IsDirectory || info.Length > _maxFileBytes || info.PhysicalPath is null)
            return null;
        var bytes = await File.ReadAllBytesAsync(info.PhysicalPath);
        if (bytes.Length != info.Length)
            return null; // being written right now: let the middleware serve it from disk
        var file = CachedFile.Create(info, bytes, _types.TryGetContentType(info.Name, out var type) ? type : _defaultType);
        _cache.Set(path, file, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length) });
        return file;
    }

    private sealed record CachedFile(
        string PhysicalPath, byte[] Bytes, DateTime ModifiedUtc, string ContentType, string LastModified, string ETag)
    {
        /// <summary>Still the same file on disk: same length and time, and still not hidden (the provider's rule).</summary>
        public bool IsCurrent()
        {
            var now = new FileInfo(PhysicalPath);
            return now.Exists && now.Length == Bytes.Length && now.LastWriteTimeUtc == ModifiedUtc
                   && (now.Attributes & (FileAttributes.Hidden | FileAttributes.System)) == 0;
        }

        public static CachedFile Create(IFileInfo info, byte[] bytes, string contentType)
        {
            // The static file middleware's Last-Modified (whole seconds) and ETag (that time ^ length, in hex).
            var last = info.LastModified;
            var lastModified = new DateTimeOffset(last.Year, last.Month, last.Day, last.Hour, last.Minute, last.Second, last.Offset)
                .ToUniversalTime();
            var etag = '"' + Convert.ToString(lastModified.ToFileTime() ^ bytes.LongLength, 16) + '"';
            return new CachedFile(info.PhysicalPath!, bytes, last.UtcDateTime, contentType,
                HeaderUtilities.FormatDate(lastModified), etag);
        }
    }
}
