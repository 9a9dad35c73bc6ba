using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ActorChat.Tests.Bank;

/// <summary>
/// Akka's in-memory journal that a test can pause: after <see cref="Hold"/> every write waits, unanswered,
/// until <see cref="Release"/> (then they are written in arrival order and it passes writes through again).
/// So a test can look at an account while one of its writes is in flight.
/// </summary>
public sealed class HeldJournal : MemoryJournal
{
    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.held"
        akka.persistence.journal.held {
          class = "ActorChat.Tests.Bank.HeldJournal, ActorChat.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    private readonly List<(IReadOnlyList<AtomicWrite> Writes, TaskCompletionSource<IImmutableList<Exception>> Done)> _held = new();
    private bool _holding;
    private int _emptyWrites;

    public sealed record Hold
    {
        public static readonly Hold Instance = new();
    }

    public sealed record Release
    {
        public static readonly Release Instance = new();
    }

    /// <summary>Answered with the number of writes that carried no event (Akka.Persistence.Sql fails those).</summary>
    public sealed record EmptyWrites
    {
        public static readonly EmptyWrites Instance = new();
    }

    /// <summary>Answered with the number of writes waiting.</summary>
    public sealed record HeldCount
    {
        public static readonly HeldCount Instance = new();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        if (writes.Count == 0)
            _emptyWrites++;
        if (!_holding)
            return base.WriteMessagesAsync(writes, cancellationToken);
        var done = new TaskCompletionSource<IImmutableList<Exception>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _held.Add((writes, done));
        return done.Task;
    }

    protected override bool ReceivePluginInternal(object message)
    {
        switch (message)
        {
            case Hold:
                _holding = true;
                Sender.Tell(Hold.Instance);
                return true;
            case EmptyWrites:
                Sender.Tell(_emptyWrites);
                return true;
            case HeldCount:
                Sender.Tell(_held.Count);
                return true;
            case Release:
                _holding = false;
                foreach (var (writes, done) in _held)
                    base.WriteMessagesAsync(writes, CancellationToken.None).ContinueWith(t => done.TrySetResult(t.Result), TaskContinuationOptions.ExecuteSynchronously);
                _held.Clear();
                Sender.Tell(Release.Instance);
                return true;
            default:
                return base.ReceivePluginInternal(message);
        }
    }
}
