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
        edges.Add(new EdgeRegistration(FilesEdge.Service, typeof(FilesEdge)));
        return akka.WithActors((system, registry, _) =>
        {
            var library = system.ActorOf(FileLibrary.Props(settings), "files-library");
            registry.Register<LibraryKey>(library);
            registry.Register<FilesEdge>(system.ActorOf(FilesEdge.Props(settings, library, bindAddress), "files-edge"));
        });
    }
}
