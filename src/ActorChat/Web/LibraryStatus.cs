using ActorChat.Files;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Web;

/// <summary>The library as the status page shows it: every file with its size, and the totals.</summary>
public sealed record LibraryStatus(string Node, int Files, long TotalBytes, IReadOnlyList<LibraryEntry> Entries);

/// <summary>
/// Keeps the status page's "library" section current: it asks the <see cref="FileLibrary"/> for its listing
/// every refresh and publishes a <see cref="StatusSection"/> when the listing changed. Asking (rather than the
/// library publishing) keeps the library actor unaware of the status page.
/// </summary>
public sealed class LibraryStatusPublisher : ReceiveActor, IWithTimers
{
    public const string Section = "library";

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _library;
    private readonly TimeSpan _every;
    private IReadOnlyList<LibraryEntry>? _published;
    private bool _asking;

    public LibraryStatusPublisher(IActorRef library, TimeSpan every)
    {
        _library = library;
        _every = every;

        Receive<Refresh>(_ =>
        {
            // One question at a time: a slow scan of a big folder must not pile up asks.
            if (_asking)
                return;
            _asking = true;
            _library.Ask<FileListing>(ListFiles.Instance, TimeSpan.FromSeconds(10)).PipeTo(Self);
        });
        Receive<FileListing>(listing =>
        {
            _asking = false;
            if (_published is not null && _published.SequenceEqual(listing.Entries))
                return;
            _published = listing.Entries;
            var node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();
            Context.System.EventStream.Publish(new StatusSection(Section, new LibraryStatus(
                node, listing.Entries.Count, listing.Entries.Sum(e => e.Size), listing.Entries)));
        });
        Receive<Status.Failure>(f =>
        {
            _asking = false;
            _log.Warning("File library did not list its files: {0}", f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef library, TimeSpan every) =>
        Akka.Actor.Props.Create(() => new LibraryStatusPublisher(library, every));

    protected override void PreStart()
    {
        Self.Tell(Refresh.Instance);
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _every);
    }
}
