using System.CommandLine;
using ActorChat.Bank;
using ActorChat.Scenarios;
using Spectre.Console;

namespace ActorChat.Node;

/// <summary>
/// `scenario NAME`: the course's small concurrency programs re-run with actors, each printing its result
/// and exiting non-zero when its own check fails.
/// </summary>
public static class ScenarioCommand
{
    private static readonly (string Name, string Summary)[] Scenarios =
    [
        ("deadlock", "dead_lock.py: two locks deadlock (detected, reported); the same transfers with actors end Tom 5200, Jack 10800"),
        ("bank", "random transfers between event-sourced accounts, optionally crashing actors; checks money is conserved"),
        ("shared-balance", "value.py: a balance changed by two spenders at once, exact every run when one actor owns it"),
    ];

    public static Command Build()
    {
        var scenario = new Command("scenario", "Run one of the course's concurrency programs reworked with actors (`scenario list` names them).");

        var list = new Command("list", "Name every scenario with one line each.");
        list.SetAction(_ =>
        {
            foreach (var (name, summary) in Scenarios.Concat(SeedScenarioCommands.Summaries))
                Console.WriteLine($"{name,-15} {summary}");
            return 0;
        });
        scenario.Subcommands.Add(list);
        scenario.Subcommands.Add(Deadlock());
        scenario.Subcommands.Add(BankCommand());
        scenario.Subcommands.Add(SharedBalanceCommand());
        foreach (var command in SeedScenarioCommands.Build())
            scenario.Subcommands.Add(command);
        return scenario;
    }

    private static Command Deadlock()
    {
        var within = new Option<int>("--detect-within-ms") { Description = "give the lock version this long to deadlock", DefaultValueFactory = _ => 5000 };
        var command = new Command("deadlock", Scenarios[0].Summary) { within };
        command.SetAction(async parse =>
        {
            Console.WriteLine("1. dead_lock.py with locks: Tom (10000) pays Jack 5000 while Jack (6000) pays Tom 200, each thread");
            Console.WriteLine("   locking its own account first, then the other's.");
            var locks = LockDeadlock.Run(TimeSpan.FromMilliseconds(parse.GetValue(within)));
            if (locks.Deadlocked)
            {
                Console.WriteLine($"   DEADLOCK detected after {locks.DetectedAfter.TotalMilliseconds:F0} ms:");
                foreach (var wait in locks.Cycle)
                    Console.WriteLine($"     {wait}");
                Console.WriteLine($"   Both threads interrupted. Tom {locks.Tom}, Jack {locks.Jack}: {16_000 - locks.Tom - locks.Jack} withdrawn and never deposited.");
            }
            else
            {
                Console.WriteLine($"   no deadlock within {locks.DetectedAfter.TotalMilliseconds:F0} ms (Tom {locks.Tom}, Jack {locks.Jack})");
            }

            Console.WriteLine();
            Console.WriteLine("2. The same two transfers with actors: each account is an actor that alone owns its balance,");
            Console.WriteLine("   each transfer run by its source account: debit itself, then ask the destination for the credit. Nothing holds one thing while waiting for another.");
            var actors = await ActorTransfers.RunAsync();
            foreach (var t in actors.Transfers)
                Console.WriteLine($"   {t.From} → {t.To} {t.Amount}: {t.Outcome}");
            Console.WriteLine($"   Tom {actors.Tom}, Jack {actors.Jack} in {actors.Elapsed.TotalMilliseconds:F0} ms");

            var ok = locks.Deadlocked && actors.Tom == 5_200 && actors.Jack == 10_800;
            Console.WriteLine(ok ? "ok: the locks deadlocked, the actors did not" : "FAILED: expected a lock deadlock and Tom 5200, Jack 10800");
            return ok ? 0 : 1;
        });
        return command;
    }

    private static Command BankCommand()
    {
        var accounts = new Option<int>("--accounts") { Description = "number of accounts", DefaultValueFactory = _ => 100 };
        var transfers = new Option<int>("--transfers") { Description = "number of transfers", DefaultValueFactory = _ => 10_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "transfers in flight at once", DefaultValueFactory = _ => 64 };
        var crashEvery = new Option<int>("--crash-every") { Description = "kill a random account and the source of a random in-flight transfer every K transfers (0: never)", DefaultValueFactory = _ => 0 };
        var restart = new Option<bool>("--restart") { Description = "stop the whole actor system half-way and finish in a new one on the same journal" };
        var data = new Option<string?>("--data") { Description = "keep the journal in a SQLite file in DIR (default: in memory; with --restart, a temporary folder)" };
        var seed = new Option<int>("--seed") { Description = "random seed of the workload", DefaultValueFactory = _ => 42 };
        var command = new Command("bank", Scenarios[1].Summary) { accounts, transfers, concurrency, crashEvery, restart, data, seed };
        command.SetAction(async parse =>
        {
            var options = new BankLoadOptions
            {
                Accounts = parse.GetValue(accounts),
                Transfers = parse.GetValue(transfers),
                Concurrency = parse.GetValue(concurrency),
                CrashEvery = parse.GetValue(crashEvery),
                RestartSystem = parse.GetValue(restart),
                Seed = parse.GetValue(seed),
            };
            if (options.Accounts < 2 || options.Transfers < 1 || options.Concurrency < 1 || options.CrashEvery < 0)
            {
                Console.Error.WriteLine("actorchat: scenario bank: need --accounts ≥ 2, --transfers ≥ 1, --concurrency ≥ 1, --crash-every ≥ 0");
                return 2;
            }

            var dir = parse.GetValue(data);
            var temporary = dir is null && options.RestartSystem;
            if (temporary)
                dir = Directory.CreateTempSubdirectory("actorchat-bank-").FullName;
            var settings = BankSettings.Default with { Store = dir is null ? BankStore.Memory : BankStore.Sqlite };
            Console.WriteLine($"{options.Transfers:N0} transfers between {options.Accounts:N0} accounts, {options.Concurrency} at once, " +
                              $"journal {(dir is null ? "in memory" : Path.Combine(dir, settings.SqliteFile))}" +
                              (options.CrashEvery > 0 ? $", crashing actors every {options.CrashEvery} transfers" : "") +
                              (options.RestartSystem ? ", restarting the actor system half-way" : ""));
            try
            {
                BankReport report = null!;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("transfers", maxValue: options.Transfers);
                        report = await BankRun.RunAsync(options, settings, dir ?? Path.GetTempPath(), done => task.Value = done);
                        task.Value = options.Transfers;
                    });
                Print(report);
                return report.Ok ? 0 : 1;
            }
            catch (Exception e) when (e is ActorChat.Hosting.ConfigError or ArgumentException)
            {
                Console.Error.WriteLine($"actorchat: scenario bank: {e.Message}");
                return 2;
            }
            finally
            {
                if (temporary)
                    Directory.Delete(dir!, recursive: true);
            }
        });
        return command;
    }

    private static void Print(BankReport report)
    {
        var table = new Table().AddColumns("", "").HideHeaders();
        table.AddRow("transfers/s", $"{report.TransfersPerSecond:N0} ({report.Transfers:N0} in {report.Elapsed.TotalSeconds:F2} s)");
        table.AddRow("applied", $"{report.Applied:N0}");
        table.AddRow("refused (insufficient funds)", $"{report.Refused:N0}");
        table.AddRow("refunded (destination refused)", $"{report.Refunded:N0}");
        table.AddRow("actors crashed", $"{report.Crashes:N0}");
        table.AddRow("actor system restarts", $"{report.SystemRestarts}");
        table.AddRow("total money", $"{report.TotalBefore:N0} before, {report.TotalAfter:N0} after");
        AnsiConsole.Write(table);
        Console.WriteLine(Check(report.TotalBefore == report.TotalAfter, "total money unchanged"));
        Console.WriteLine(Check(report.NegativeAccounts.Count == 0, "no negative balance"));
        Console.WriteLine(Check(report.MismatchedAccounts.Count == 0 && report.Unfinished == 0 && report.ConflictingReports == 0,
            "every transfer ended exactly once, applied or refused or refunded, and every balance matches the outcomes"));
        foreach (var violation in report.Violations)
            Console.WriteLine($"  FAILED: {violation}");
    }

    private static string Check(bool ok, string what) => $"{(ok ? "ok    " : "FAILED")} {what}";

    private static Command SharedBalanceCommand()
    {
        var iterations = new Option<int>("--iterations") { Description = "changes per spender (the seed: 30)", DefaultValueFactory = _ => 30 };
        var stress = new Option<int>("--stress") { Description = "then again with this many changes each, where the lock-free race shows", DefaultValueFactory = _ => 100_000 };
        var command = new Command("shared-balance", Scenarios[2].Summary) { iterations, stress };
        command.SetAction(async parse =>
        {
            Console.WriteLine("value.py: balance 5000; man adds 1..1000 and girl takes 100..800, at the same time.");
            Console.WriteLine("Actor version: one actor owns the balance and applies the changes one message at a time.");
            var ok = true;
            foreach (var n in new[] { parse.GetValue(iterations), parse.GetValue(stress) }.Where(n => n > 0).Distinct())
            {
                var r = await SharedBalance.RunAsync(n);
                Console.WriteLine($"{n,9:N0} changes each: expected {r.Expected,14:N0}  actor {r.WithActor,14:N0} ({(r.ActorExact ? "exact" : "WRONG")})" +
                                  $"  threads without a lock {r.WithoutLock,14:N0} ({(r.WithoutLock == r.Expected ? "exact this time" : $"off by {r.WithoutLock - r.Expected:N0}")})");
                ok &= r.ActorExact;
            }
            return ok ? 0 : 1;
        });
        return command;
    }
}
