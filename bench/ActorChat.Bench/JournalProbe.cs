using System.Diagnostics;
using ActorChat.Bank;
using Akka.Actor;
using Akka.Persistence;

namespace ActorChat.Bench;

/// <summary>
/// `journal N [memory|sqlite] [persist]`: what the bank's journal alone can do on this machine, with no bank
/// logic, so a transfer's cost can be read as "k journal operations" and its ceiling as X / k.
/// 64 writers at once (as the bank keeps 64 transfers in flight), each event a bank event through
/// the bank's own serializer:
/// - persist: 64 long-lived persistent actors, each persisting one event after another (Persist);
/// - recover: 64 at a time, a fresh persistent actor with a new id starts, recovers (empty) and stops;
/// - recover+persist: the same, persisting one event before it stops (the least a new saga can do).
/// BENCH_HOCON (environment) is laid over the bank's journal settings, to try a journal setting, e.g.
/// BENCH_HOCON='akka.persistence.journal.sql.max-row-by-row-size = 0'.
/// </summary>
public static class JournalProbe
{
    public static async Task Run(int operations, string store, bool persistOnly = false)
    {
        var data = Directory.CreateTempSubdirectory("journal-").FullName;
        var settings = BankSettings.Default with { Store = store == "sqlite" ? BankStore.Sqlite : BankStore.Memory };
        var system = BankSystem.Start("journal", settings, data, Environment.GetEnvironmentVariable("BENCH_HOCON"));
        try
        {
            await Measure(system, "persist", operations, Mode.Persist); // warm-up (JIT, connection pool, schema)
            foreach (var mode in persistOnly ? [Mode.Persist] : new[] { Mode.Persist, Mode.Recover, Mode.RecoverPersist })
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var rate = await Measure(system, mode.ToString(), operations, mode);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine($"journal {store,-6} {Name(mode),-16} {rate,10:N0}/s  CPU {cpu.TotalMicroseconds / operations,5:N0} µs each  (64 at once, {operations:N0} operations)");
            }
        }
        finally
        {
            await system.Terminate();
            Directory.Delete(data, true);
        }
    }

    private static string Name(Mode mode) => mode switch
    {
        Mode.Persist => "persist",
        Mode.Recover => "recover",
        _ => "recover+persist",
    };

    private static async Task<double> Measure(ActorSystem system, string run, int operations, Mode mode)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = Stopwatch.StartNew();
        var prefix = run + Guid.NewGuid().ToString("N")[..6];
        system.ActorOf(Props.Create(() => new Driver(prefix, operations, mode, done)));
        await done.Task;
        return operations / stopwatch.Elapsed.TotalSeconds;
    }

    private enum Mode
    {
        Persist,
        Recover,
        RecoverPersist,
    }

    private sealed record Go(int Remaining);

    private sealed record Finished;

    /// <summary>Keeps 64 operations going until the count is reached.</summary>
    private sealed class Driver : ReceiveActor
    {
        private readonly string _prefix;
        private readonly int _operations;
        private readonly Mode _mode;
        private readonly TaskCompletionSource _done;
        private int _started;
        private int _finished;

        public Driver(string prefix, int operations, Mode mode, TaskCompletionSource done)
        {
            (_prefix, _operations, _mode, _done) = (prefix, operations, mode, done);
            Receive<Finished>(_ =>
            {
                if (++_finished == _operations)
                {
                    _done.TrySetResult();
                    Context.Stop(Self);
                }
                else if (_mode != Mode.Persist && _started < _operations)
                {
                    StartOne();
                }
            });
        }

        protected override void PreStart()
        {
            if (_mode == Mode.Persist)
            {
                for (var i = 0; i < 64; i++)
                    Context.ActorOf(Props.Create(() => new Writer($"{_prefix}-w{i}", _operations / 64 + (i < _operations % 64 ? 1 : 0))));
                _started = _operations;
                return;
            }
            for (var i = 0; i < 64 && _started < _operations; i++)
                StartOne();
        }

        private void StartOne()
        {
            var id = $"{_prefix}-{_started++}";
            var persist = _mode == Mode.RecoverPersist;
            Context.ActorOf(Props.Create(() => new Fresh(id, persist)));
        }
    }

    /// <summary>Persists its count of events one after another, reporting each to the driver.</summary>
    private sealed class Writer : ReceivePersistentActor
    {
        public Writer(string id, int count)
        {
            PersistenceId = id;
            Command<Go>(go =>
            {
                if (go.Remaining == 0)
                    return;
                Persist(new TransferDebited(id, "acc-2", 10), _ =>
                {
                    Context.Parent.Tell(new Finished());
                    Self.Tell(new Go(go.Remaining - 1));
                });
            });
            Recover<RecoveryCompleted>(_ => Self.Tell(new Go(count)));
        }

        public override string PersistenceId { get; }
        public override Recovery Recovery => new(SnapshotSelectionCriteria.None);
    }

    /// <summary>A persistent actor with a new id: recovers, optionally persists one event, stops.</summary>
    private sealed class Fresh : ReceivePersistentActor
    {
        public Fresh(string id, bool persist)
        {
            PersistenceId = id;
            Recover<RecoveryCompleted>(_ =>
            {
                if (!persist)
                {
                    Context.Parent.Tell(new Finished());
                    Context.Stop(Self);
                    return;
                }
                Persist(new TransferDebited(id, "acc-2", 10), _ =>
                {
                    Context.Parent.Tell(new Finished());
                    Context.Stop(Self);
                });
            });
            CommandAny(_ => { });
        }

        public override string PersistenceId { get; }
        public override Recovery Recovery => new(SnapshotSelectionCriteria.None);
    }
}
