using ActorChat.Files;
using ActorChat.Hosting;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ActorChat.Web;

/// <summary>
/// The file library over HTTP: `/api/files` lists it and `/files/{name}` downloads a file (with ranges), both
/// asked of the <see cref="FileLibrary"/> actor, which alone decides which names exist and where they live.
/// </summary>
public static class LibraryEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static WebApplication MapLibrary(this WebApplication app)
    {
        app.MapGet("/api/files", async (IRequiredActor<FilesHosting.LibraryKey> library, CancellationToken ct) =>
        {
            var listing = await (await library.GetAsync(ct)).Ask<FileListing>(ListFiles.Instance, AskTimeout, ct);
            return TypedResults.Ok(listing.Entries);
        });
        app.MapGet("/files/{name}", async (string name, IRequiredActor<FilesHosting.LibraryKey> library, CancellationToken ct) =>
        {
            var answer = await (await library.GetAsync(ct)).Ask<object>(new OpenForRead(name), AskTimeout, ct);
            return answer switch
            {
                FileReadable file => Results.File(file.Path, "application/octet-stream", file.Name,
                    new DateTimeOffset(file.LastWriteUtc, TimeSpan.Zero), enableRangeProcessing: true),
                LibraryRefusal { Kind: RefusalKind.BadName } refusal => Results.BadRequest(refusal.Text),
                _ => Results.NotFound(),
            };
        });
        return app;
    }
}
