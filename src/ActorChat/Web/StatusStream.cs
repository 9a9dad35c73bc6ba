using System.Threading.Channels;
using Akka.Actor;

namespace ActorChat.Web;

/// <summary>
/// The actor end of one status page's server-sent-event stream: it subscribes to the <see cref="StatusActor"/>
/// and hands each snapshot to the HTTP response through a one-slot channel. A page that reads slowly
/// only ever misses intermediate snapshots; nothing queues up for it.
/// </summary>
public sealed class StatusStream : ReceiveActor
{
    private readonly IActorRef _status;

    public StatusStream(IActorRef status, ChannelWriter<StatusSnapshot> page)
    {
        _status = status;
        Receive<StatusSnapshot>(s => page.TryWrite(s));
    }

    public static Props Props(IActorRef status, ChannelWriter<StatusSnapshot> page) =>
        Akka.Actor.Props.Create(() => new StatusStream(status, page));

    protected override void PreStart() => _status.Tell(new SubscribeStatus(Self));}

/// <summary>Turns a <see cref="StatusStream"/> actor into the sequence an SSE response writes.</summary>
public static class StatusFeed
{
    /// <summary>Snapshots for one HTTP response, until <paramref name="cancellationToken"/> (the client went away).</summary>
    public static async IAsyncEnumerable<StatusSnapshot> Read(
        ActorSystem system, IActorRef status,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<StatusSnapshot>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        var stream = system.ActorOf(StatusStream.Props(status, channel.Writer));
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken))
                while (channel.Reader.TryRead(out var snapshot))
                    yield return snapshot;
        }
        finally
        {
            stream.Tell(PoisonPill.Instance);
        }
    }
}
