using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace ActorChat.Web;

/// <summary>
/// The static site (the seed's HTTPServer v2.0, done properly): `/` is index.html, every file is served with its
/// type, length, ETag, Last-Modified and byte ranges by ASP.NET Core's static file middleware, and anything
/// missing gets the seed's 404 page.
/// </summary>
public static class SiteEndpoints
{
    /// <summary>The seed's 404 body, kept byte for byte.</summary>
    public const string NotFoundBody = "<h1>Sorry....</h1>";

    public static WebApplication UseSite(this WebApplication app, WebSettings settings)
    {
        // PhysicalFileProvider refuses any path that climbs above its root, and Kestrel removes dot segments
        // (also percent-encoded ones) before routing; hidden and system files are excluded too.
        var files = new PhysicalFileProvider(settings.Site, ExclusionFilters.Sensitive);
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status404NotFound)
                return;
            response.ContentType = "text/html; charset=utf-8";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(NotFoundBody));
        });
        // Site files are kept in memory for a moment: a hit skips the stat, open and read of the static file path.
        app.UseOutputCache();
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            // Unknown extensions are still the site's files: serve them as bytes rather than 404.
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        return app;
    }

    /// <summary>
    /// Only the site's own files: not the API (its answers are live), not the chat socket, not the file library
    /// (the library actor decides each download), and not range requests
    /// (the cache keeps whole responses; the static file middleware answers ranges from the file).
    /// </summary>
    public static bool IsCacheable(Microsoft.AspNetCore.OutputCaching.OutputCacheContext context)
    {
        var request = context.HttpContext.Request;
        return !request.Path.StartsWithSegments("/api")
               && !request.Path.StartsWithSegments("/chat")
               && !request.Path.StartsWithSegments("/files")
               && !request.Headers.ContainsKey("Range");
    }
}
