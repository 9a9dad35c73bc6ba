using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorChat.Web;

/// <summary>Asks the <see cref="BankStatusPublisher"/> for every account; answered with <see cref="AccountList"/>.</summary>
public sealed record GetAccounts
{
    public static readonly GetAccounts Instance = new();
}

/// <summary>Every account in the journal and the bank's totals, or why they are not known.</summary>
public sealed record AccountList(BankStatus? Totals, IReadOnlyList<AccountSummary> Accounts, string? Unavailable);

/// <summary>
/// The bank's status section, built by reading the bank's journal (Akka.Persistence.Query over Akka.Persistence.Sql)
/// rather than asking accounts one by one: a live stream of every event the accounts persist,
/// folded by <see cref="BankTotals"/>. It publishes <see cref="StatusSection"/> "bank" at most once a refresh,
/// when something changed, and answers <see cref="GetAccounts"/> for /api/accounts. It opens the journal only once
/// someone looks (<see cref="StatusWatched"/> or <see cref="GetAccounts"/>): the query side loads the SQL
/// provider and polls the database, which a node nobody watches should not pay for (about 50 MB of RSS).
/// </summary>
public sealed class BankStatusPublisher : ReceiveActor, IWithTimers
{
    public const string Section = "bank";

    private sealed record Publish
    {
        public static readonly Publish Instance = new();
    }

    private sealed record Read
    {
        public static readonly Read Instance = new();
    }

    private sealed record StreamInit
    {
        public static readonly StreamInit Instance = new();
    }

    private sealed record StreamAck
    {
        public static readonly StreamAck Instance = new();
    }

    private sealed record StreamEnded(Exception? Cause);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _every;
    private readonly BankTotals _totals = new();
    private SqlReadJournal? _journal;
    private long _offset;
    private string? _unavailable;
    private bool _opened;

    public BankStatusPublisher(TimeSpan every)
    {
        _every = every;

        Receive<SqlReadJournal>(journal =>
        {
            _journal = journal;
            Self.Tell(Read.Instance);
        });
        Receive<Read>(_ => ReadJournal());
        Receive<StreamInit>(_ => Sender.Tell(StreamAck.Instance));
        Receive<IReadOnlyList<EventEnvelope>>(batch =>
        {
            foreach (var envelope in batch)
            {
                _totals.Apply(envelope.PersistenceId, envelope.Event);
                if (envelope.Offset is Sequence sequence)
                    _offset = Math.Max(_offset, sequence.Value);
            }
            Sender.Tell(StreamAck.Instance);
        });
        Receive<StreamEnded>(ended =>
        {
            // The database went away or refused a query: read on from where we were, a little later.
            _log.Warning("Bank journal read stopped ({0}); reading again from offset {1}", ended.Cause?.Message ?? "completed", _offset);
            Timers.StartSingleTimer(nameof(Read), Read.Instance, TimeSpan.FromSeconds(5));
        });
        Receive<Status.Failure>(f =>
        {
            _unavailable = $"the bank's journal cannot be read: {f.Cause.GetBaseException().Message}";
            _log.Warning("Bank status: {0}", _unavailable);
            Context.System.EventStream.Publish(new StatusSection(Section, new { Unavailable = _unavailable }));
        });
        Receive<Publish>(_ =>
        {
            if (_journal is not null && _totals.TakeChange())
                Context.System.EventStream.Publish(new StatusSection(Section, _totals.Status()));
        });
        Receive<StatusWatched>(_ => Open());
        Receive<GetAccounts>(_ =>
        {
            Open();
            Sender.Tell(_journal is null
                ? new AccountList(null, [], _unavailable ?? "opening the bank's journal: ask again in a moment")
                : new AccountList(_totals.Status(), _totals.Accounts(), null));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan every) => Akka.Actor.Props.Create(() => new BankStatusPublisher(every));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(StatusWatched));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Open()
    {
        if (_opened)
            return;
        _opened = true;
        Timers.StartPeriodicTimer(nameof(Publish), Publish.Instance, _every);
        var config = Context.System.Settings.Config;
        if (config.GetString("akka.persistence.journal.plugin") != "akka.persistence.journal.sql")
        {
            // The in-memory journal has no query side here: say so on the page instead of showing nothing.
            _unavailable = "the bank's journal is in memory and cannot be read back";
            Context.System.EventStream.Publish(new StatusSection(Section, new { Unavailable = _unavailable }));
            return;
        }
        // The read journal's constructor waits (blocking) for the write journal: off the actor's thread.
        // It reads the tables BankPersistence configured for the write side.
        var system = Context.System;
        Task.Run(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)).PipeTo(Self);
    }

    private void ReadJournal()
    {
        _journal!.AllEvents(Offset.Sequence(_offset))
            .GroupedWithin(1000, TimeSpan.FromMilliseconds(100))
            .Select(batch => (IReadOnlyList<EventEnvelope>)batch.ToList())
            .RunWith(Sink.ActorRefWithAck<IReadOnlyList<EventEnvelope>>(Self, StreamInit.Instance, StreamAck.Instance,
                new StreamEnded(null), e => new StreamEnded(e)), Context.Materializer());
    }
}
