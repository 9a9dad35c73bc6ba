using ActorChat.Bank;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// The bank's in-memory journal speaks Akka's journal protocol the way Akka's own journals do: a persist
/// handler runs with the command's sender, in write order, deferred messages come back in their place, an
/// actor started again recovers exactly what was written (up to where it asks), and numbering continues
/// after deleted events. The bank's memory store uses it.
/// </summary>
public sealed class BankMemoryJournalSpec : TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public BankMemoryJournalSpec() : base(BankSystem.Config(BankSettings.Default, Path.GetTempPath()))
    {
    }

    [Fact]
    public void The_bank_memory_store_writes_to_the_bank_memory_journal()
    {
        var journal = Persistence.Instance.Apply(Sys).JournalFor(null);
        Assert.Equal(BankMemoryJournal.PluginId, journal.Path.Name);
        journal.Tell(new Identify(1));
        Assert.NotNull(ExpectMsg<ActorIdentity>(Patience).Subject);
    }

    [Fact]
    public void Persist_handlers_run_in_order_with_the_commands_sender_and_deferred_messages_keep_their_place()
    {
        var log = Sys.ActorOf(Props.Create(() => new EventLog("order")));
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        log.Tell(new Append(["a1", "a2"]), a.Ref);
        log.Tell(new Append(["b1"]), b.Ref);

        Assert.Equal("a1@1", a.ExpectMsg<string>(Patience));
        Assert.Equal("a2@2", a.ExpectMsg<string>(Patience));
        Assert.Equal("deferred after a2", a.ExpectMsg<string>(Patience));
        Assert.Equal("b1@3", b.ExpectMsg<string>(Patience));
        Assert.Equal("deferred after b1", b.ExpectMsg<string>(Patience));
    }

    [Fact]
    public void An_actor_started_again_recovers_what_was_written_and_numbers_on()
    {
        var first = Sys.ActorOf(Props.Create(() => new EventLog("recover")));
        first.Tell(new Append(["x", "y", "z"]), TestActor);
        ExpectMsg("x@1", Patience);
        ExpectMsg("y@2", Patience);
        ExpectMsg("z@3", Patience);
        ExpectMsg("deferred after z", Patience);
        var second = Recreate(first, "recover");
        second.Tell(GetEvents.Instance, TestActor);
        Assert.Equal(["x", "y", "z"], ExpectMsg<string[]>(Patience));
        second.Tell(new Append(["w"]), TestActor);
        ExpectMsg("w@4", Patience);
        ExpectMsg("deferred after w", Patience);

        // Recovering up to a point replays only that far.
        var partial = Sys.ActorOf(Props.Create(() => new EventLog("recover", 2L)));
        partial.Tell(GetEvents.Instance, TestActor);
        Assert.Equal(["x", "y"], ExpectMsg<string[]>(Patience));
    }

    /// <summary>Stops the log and starts a new incarnation of the same persistence id, which recovers from the journal.</summary>
    private IActorRef Recreate(IActorRef log, string persistenceId)
    {
        Watch(log);
        Sys.Stop(log);
        ExpectTerminated(log, Patience);
        return Sys.ActorOf(Props.Create(() => new EventLog(persistenceId)));
    }

    [Fact]
    public void Deleted_events_are_not_replayed_and_numbering_continues_after_them()
    {
        var first = Sys.ActorOf(Props.Create(() => new EventLog("delete")));
        first.Tell(new Append(["p", "q"]), TestActor);
        ExpectMsg("p@1", Patience);
        ExpectMsg("q@2", Patience);
        ExpectMsg("deferred after q", Patience);
        first.Tell(new Delete(2), TestActor);
        ExpectMsg("deleted to 2", Patience);
        var second = Recreate(first, "delete");
        second.Tell(GetEvents.Instance, TestActor);
        Assert.Empty(ExpectMsg<string[]>(Patience));
        second.Tell(new Append(["r"]), TestActor);
        ExpectMsg("r@3", Patience);
        ExpectMsg("deferred after r", Patience);
    }

    private sealed record Append(string[] Events);

    private sealed record Delete(long To);

    private sealed record GetEvents
    {
        public static readonly GetEvents Instance = new();
    }

    /// <summary>Persists strings; answers each from its persist handler, then a deferred note, to whoever asked.</summary>
    private sealed class EventLog : ReceivePersistentActor
    {
        private readonly List<string> _events = new();
        private readonly long _recoverTo;
        private IActorRef? _deleteAsker;

        public EventLog(string id, long recoverTo = long.MaxValue)
        {
            PersistenceId = "journal-spec-" + id;
            _recoverTo = recoverTo;
            Recover<string>(e => _events.Add(e));
            Command<Append>(append =>
            {
                PersistAll(append.Events, e =>
                {
                    _events.Add(e);
                    Sender.Tell($"{e}@{LastSequenceNr}");
                });
                DeferAsync($"deferred after {append.Events[^1]}", note => Sender.Tell(note));
            });
            Command<Delete>(delete =>
            {
                _deleteAsker = Sender;
                DeleteMessages(delete.To);
            });
            Command<DeleteMessagesSuccess>(ok => _deleteAsker?.Tell($"deleted to {ok.ToSequenceNr}"));
            Command<GetEvents>(_ => Sender.Tell(_events.ToArray()));
        }

        public override string PersistenceId { get; }

        public override Recovery Recovery => new(SnapshotSelectionCriteria.None, _recoverTo);
    }
}
