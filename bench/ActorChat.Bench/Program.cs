using ActorChat.Bank;
using ActorChat.Bench;

// dotnet run -c Release --project bench/ActorChat.Bench -- bank [transfers-in-memory] [transfers-on-sqlite] [warm-up transfers]
// 1,000 accounts, 64 transfers in flight; the lock-ordering baseline, the actors in memory, the actors on SQLite.
if (args.Length > 0 && args[0] == "probe") { await Probe.Run(int.Parse(args[1])); return 0; }
if (args.Length > 0 && args[0] == "primes")
    return await PrimesBench.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 3);
if (args.Length > 0 && args[0] == "journal") { await JournalProbe.Run(int.Parse(args[1]), args.Length > 2 ? args[2] : "memory", args.Length > 3 && args[3] == "persist"); return 0; }
if (args.Length > 0 && args[0] == "raw-echo") { await RawEcho.Run(int.Parse(args[1])); return 0; }
if (args.Length > 0 && args[0] == "steps") { await StepProbe.Run(int.Parse(args[1]), args.Length > 2); return 0; }
if (args.Length == 0 || args[0] != "bank")
{
    Console.Error.WriteLine("usage: ActorChat.Bench bank [transfers-in-memory] [transfers-on-sqlite] | primes [limit] [runs] | steps N [sqlite] | journal N [memory|sqlite] [persist] | probe N | raw-echo PORT");
    return 2;
}

var memoryTransfers = args.Length > 1 ? int.Parse(args[1]) : 200_000;
var sqliteTransfers = args.Length > 2 ? int.Parse(args[2]) : 20_000;
// Transfers run first in the same process and thrown away (JIT tiering, pools, caches), so the measured
// run shows the steady state a long-running node sees; 0 = measure from a cold start.
var warmup = args.Length > 3 ? int.Parse(args[3]) : 0;
var failed = false;
// Experiments: HOCON placed over the bank's configuration (e.g. journal batching settings).
var extraHocon = Environment.GetEnvironmentVariable("BANK_BENCH_HOCON");

// BANK_BENCH_ACCOUNTS: fewer accounts, so several transfers meet at one account (group commit's case).
var accountCount = int.TryParse(Environment.GetEnvironmentVariable("BANK_BENCH_ACCOUNTS"), out var n) ? n : 1_000;
var baseOptions = new BankLoadOptions { Accounts = accountCount, Concurrency = 64, InitialBalance = 1_000_000 };

var lockOptions = baseOptions with { Transfers = memoryTransfers };
var (lockRate, lockOk) = LockOrderingBank.Run(lockOptions, BankLoad.Plan(lockOptions));
Console.WriteLine($"lock-ordering (C# monitors, 64 threads) {lockRate,12:N0} transfers/s  invariant {(lockOk ? "ok" : "FAILED")}");
failed |= !lockOk;

if (memoryTransfers > 0)
{
    if (warmup > 0)
    {
        var warmWindows = new RateWindows("  warm-up");
        await BankRun.RunAsync(baseOptions with { Transfers = warmup, Seed = 7 }, BankSettings.Default, Path.GetTempPath(), warmWindows.OnProgress, extraHocon);
        warmWindows.Print();
    }
    var cpu = Cpu();
    var driving = new CpuFromFirstTransfer();
    var windows = new RateWindows("  measured");
    using var allocations = AllocationSampler.FromEnvironment();
    allocations?.Start();
    var report = await BankRun.RunAsync(baseOptions with { Transfers = memoryTransfers }, BankSettings.Default, Path.GetTempPath(),
        n => { driving.OnProgress(n); windows.OnProgress(n); }, extraHocon);
    Print("actors, in-memory journal", report, Cpu() - cpu, driving.Since());
    windows.Print();
    allocations?.Print(report.Transfers);
}

if (sqliteTransfers > 0)
{
    var data = Directory.CreateTempSubdirectory("bank-bench-").FullName;
    try
    {
        if (warmup > 0)
        {
            var warm = Directory.CreateTempSubdirectory("bank-bench-warmup-").FullName;
            var warmWindows = new RateWindows("  warm-up");
            await BankRun.RunAsync(baseOptions with { Transfers = warmup, Seed = 7 },
                BankSettings.Default with { Store = BankStore.Sqlite }, warm, warmWindows.OnProgress, extraHocon);
            warmWindows.Print();
            Directory.Delete(warm, recursive: true);
        }
        var cpu = Cpu();
        var driving = new CpuFromFirstTransfer();
        var windows = new RateWindows("  measured");
        var report = await BankRun.RunAsync(baseOptions with { Transfers = sqliteTransfers },
            BankSettings.Default with { Store = BankStore.Sqlite }, data, n => { driving.OnProgress(n); windows.OnProgress(n); }, extraHocon);
        Print("actors, SQLite journal", report, Cpu() - cpu, driving.Since());
        windows.Print();
    }
    finally
    {
        Directory.Delete(data, recursive: true);
    }
}

return failed ? 1 : 0;

// CPU time of the whole process per transfer (system start and account opening included): on a machine
// shared with other builds it moves far less than transfers/s does.
static TimeSpan Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

void Print(string name, BankReport report, TimeSpan cpu, TimeSpan driving)
{
    Console.WriteLine($"{name,-39} {report.TransfersPerSecond,12:N0} transfers/s  invariant {(report.Ok ? "ok" : "FAILED: " + string.Join("; ", report.Violations))}" +
                      $"  CPU {cpu.TotalMicroseconds / report.Transfers:N0} µs/transfer" +
                      $" (driving only: {driving.TotalMicroseconds / Math.Max(1, report.Transfers - 1):N0})" +
                      $"  ({report.Transfers:N0} transfers in {report.Elapsed.TotalSeconds:F1}s: applied {report.Applied:N0}, refused {report.Refused:N0}, refunded {report.Refunded:N0})");
    failed |= !report.Ok;
}

/// <summary>
/// The process's CPU time from the first transfer's end to now: the cost of driving transfers without
/// the system's start and the 1,000 account openings (which weigh heavily on short SQLite runs).
/// </summary>
sealed class CpuFromFirstTransfer
{
    private TimeSpan _first;

    public void OnProgress(int done)
    {
        if (done == 1)
            _first = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    }

    public TimeSpan Since() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _first;
}

/// <summary>
/// Transfers/s, CPU µs and KB allocated per transfer in consecutive windows of a run (BANK_BENCH_WINDOW
/// transfers each, default 25,000): a rate still climbing from window to window is JIT tiering, not the steady state.
/// </summary>
sealed class RateWindows(string label)
{
    private static readonly int Size = int.TryParse(Environment.GetEnvironmentVariable("BANK_BENCH_WINDOW"), out var w) && w > 0 ? w : 25_000;
    private readonly List<string> _windows = new();
    private long _startTicks;
    private TimeSpan _startCpu;
    private long _startBytes;

    public void OnProgress(int done)
    {
        if (done != 1 && done % Size != 0)
            return;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes();
        if (done != 1)
        {
            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_startTicks, now).TotalSeconds;
            var transfers = done == Size ? Size - 1 : Size;
            _windows.Add($"{transfers / seconds:N0} ({(cpu - _startCpu).TotalMicroseconds / transfers:N0} µs, {(bytes - _startBytes) / 1024.0 / transfers:F1} KB)");
        }
        _startTicks = now;
        _startCpu = cpu;
        _startBytes = bytes;
    }

    public void Print()
    {
        if (_windows.Count > 0)
            Console.WriteLine($"{label} windows of {Size:N0}, transfers/s (CPU µs, KB allocated per transfer): {string.Join(" · ", _windows)}");
    }
}
