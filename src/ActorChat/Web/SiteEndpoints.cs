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
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status404NotFound)
                return;
            response.ContentType = "text/html; charset=utf-8";
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(NotFoundBody));
        });
        var types = new FileExtensionContentTypeProvider();
        const string unknownType = "application/octet-stream";
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        // Whole-file GETs come from memory: a hit skips the open, read and close of the static file path.
        var cache = new SiteFileCache(files, types, unknownType, settings.CacheBytes, settings.CacheFileBytes);
        app.Lifetime.ApplicationStopped.Register(cache.Dispose);
        app.Use(cache.InvokeAsync);
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
