using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace ActorChat.Web;

/// <summary>
/// The static site (the seed's HTTPServer v2.0, done properly): `/` is index.html, every file is served with its
/// type, length, ETag, Last-Modified and byte ranges by ASP.NET Core's static file middleware (whole files from
/// <see cref="SiteFileCache"/>'s memory), and anything
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
        var types = new FileExtensionContentTypeProvider();
        const string unknownType = "application/octet-stream";
        const string defaultFile = "index.html";
        // Whole-file GETs come from memory, first thing: a hit skips the status code page hook, the default file
        // middleware's directory stat and the static file path's open, read and close. It answers only 200s (no
        // status code page to add) and serves `dir/` as `dir/index.html`, as the default file middleware would.
        var cache = new SiteFileCache(files, types, unknownType, defaultFile, settings.CacheBytes, settings.CacheFileBytes);
        app.Lifetime.ApplicationStopped.Register(cache.Dispose);
        app.Use(cache.InvokeAsync);
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status404NotFound)
                return;
            response.ContentType = "text/html; charset=utf-8";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(NotFoundBody));
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = [defaultFile] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            // Unknown extensions are still the site's files: serve them as bytes rather than 404.
            ServeUnknownFileTypes = true,
            DefaultContentType = unknownType,
        });
        return app;
    }
}
