using System.Net;
using ActorChat.Files;
using Akka.Hosting;

namespace ActorChat.Hosting;

/// <summary>Wires the file library: its catalogue actor and its TCP edge.</summary>
public static class FilesHosting
{
    /// <summary>Marker under which the <see cref="FileLibrary"/> actor is registered.</summary>
    public sealed class LibraryKey;

    public static AkkaConfigurationBuilder WithFiles(
        this AkkaConfigurationBuilder akka, FilesSettings settings, IPAddress bindAddress, List<EdgeRegistration> edges)
    {
        // Made (or found) before any actor opens it: a path that is a file or cannot be created is the user's to fix,
        // in one line, not a library actor that fails to start behind a node that says ready.
        try
        {
            Directory.CreateDirectory(settings.Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigError($"library folder {settings.Root}: {e.Message}");
        }
        edges.Add(new EdgeRegistration(FilesEdge.Service, typeof(FilesEdge)));
        return akka.WithActors((system, registry, _) =>
        {
            var library = system.ActorOf(FileLibrary.Props(settings), "files-library");
            registry.Register<LibraryKey>(library);
            registry.Register<FilesEdge>(system.ActorOf(FilesEdge.Props(settings, library, bindAddress), "files-edge"));
        });
    }
}
