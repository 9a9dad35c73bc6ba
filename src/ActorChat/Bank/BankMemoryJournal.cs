using Akka.Actor;
using Akka.Persistence;

namespace ActorChat.Bank;

/// <summary>
/// The bank's in-memory journal (<c>store = memory</c>): Akka's journal protocol answered by one actor
/// that owns the events. Akka's <c>MemoryJournal</c> goes through <c>AsyncWriteJournal</c>, built for
/// stores whose writes finish later and out of order: every write passes a circuit breaker and a task
/// continuation, is copied through an immutable-list builder, and every reply (one per write plus one
/// per event) makes an extra hop through a resequencer actor that puts them back in order. A write to
/// memory finishes before the next message is taken, in order, so this actor answers at once — the
/// same messages, in the same order, to the same actor, with the same senders. (With 1,000 accounts
/// and 64 transfers in flight that machinery was about a tenth of the in-memory bank's CPU and 1.5 of
/// its 5.5 KB allocated per transfer: bench/README.md, "Bank, session 6".) Each event is kept as its
/// payload, number, manifest and writer, without the command's sender (as every journal does); nothing
/// survives the actor system. Event adapters and the persistence query API are not supported (the bank
/// uses neither).
/// </summary>
public sealed class BankMemoryJournal : ActorBase
{
    public const string PluginId = "actorchat.bank.memory-journal";

    /// <summary>The plugin's HOCON block (see <see cref="BankPersistence.Hocon"/>).</summary>
    public const string Hocon = $$"""
        {{PluginId}} {
          class = "ActorChat.Bank.BankMemoryJournal, ActorChat"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    private readonly Dictionary<string, Journal> _journals = new();

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WriteMessages write:
                Write(write);
                return true;
            case ReplayMessages replay:
                Replay(replay);
                return true;
            case DeleteMessagesTo delete:
                JournalOf(delete.PersistenceId).DeletedTo = Math.Max(JournalOf(delete.PersistenceId).DeletedTo, delete.ToSequenceNr);
                delete.PersistentActor.Tell(new DeleteMessagesSuccess(delete.ToSequenceNr), Self);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// What <c>AsyncWriteJournal</c> sends for a successful write, in its order: WriteMessagesSuccessful,
    /// then each event's WriteMessageSuccess (from the command's sender, so the persist handler sees it as
    /// <c>Sender</c>) and each deferred message's LoopMessageSuccess.
    /// </summary>
    private void Write(WriteMessages write)
    {
        var actor = write.PersistentActor;
        actor.Tell(WriteMessagesSuccessful.Instance, Self);
        foreach (var envelope in write.Messages)
        {
            if (envelope is AtomicWrite atomic)
            {
                // Indexed: enumerating an immutable list through IEnumerable allocates an enumerator.
                var events = (IReadOnlyList<IPersistentRepresentation>)atomic.Payload;
                for (var i = 0; i < events.Count; i++)
                {
                    var p = events[i];
                    JournalOf(p.PersistenceId).Events.Add(new Stored(p.Payload, p.SequenceNr, p.Manifest, p.WriterGuid));
                    actor.Tell(new WriteMessageSuccess(p, write.ActorInstanceId), p.Sender);
                }
            }
            else
            {
                actor.Tell(new LoopMessageSuccess(envelope.Payload, write.ActorInstanceId), envelope.Sender);
            }
        }
    }

    /// <summary>The events in range, then RecoverySuccess with the highest sequence number ever written (deleted or not).</summary>
    private void Replay(ReplayMessages replay)
    {
        var highest = 0L;
        if (_journals.TryGetValue(replay.PersistenceId, out var journal) && journal.Events.Count > 0)
        {
            highest = journal.Events[^1].SequenceNr;
            var from = Math.Max(replay.FromSequenceNr, journal.DeletedTo + 1);
            var left = replay.Max;
            foreach (var e in journal.Events)
            {
                if (left <= 0 || e.SequenceNr > replay.ToSequenceNr)
                    break;
                if (e.SequenceNr < from)
                    continue;
                var persistent = new Persistent(e.Payload, e.SequenceNr, replay.PersistenceId, e.Manifest, false, ActorRefs.NoSender, e.WriterGuid);
                replay.PersistentActor.Tell(new ReplayedMessage(persistent), ActorRefs.NoSender);
                left--;
            }
        }
        replay.PersistentActor.Tell(new RecoverySuccess(highest), Self);
    }

    private Journal JournalOf(string persistenceId)
    {
        if (!_journals.TryGetValue(persistenceId, out var journal))
            _journals[persistenceId] = journal = new Journal();
        return journal;
    }

    /// <summary>An event as kept: what a replay needs, and not the command's sender (an actor ref would keep a dead actor alive).</summary>
    private readonly record struct Stored(object Payload, long SequenceNr, string Manifest, string WriterGuid);

    private sealed class Journal
    {
        public readonly List<Stored> Events = new();
        public long DeletedTo;
    }
}
