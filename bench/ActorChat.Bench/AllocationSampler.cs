using System.Diagnostics.Tracing;

namespace ActorChat.Bench;

/// <summary>
/// BANK_BENCH_ALLOCS=1: which types a run allocates, from the runtime's allocation-tick events (one
/// sample about every 100 KB allocated, naming the type that crossed the mark), to find what feeds the GC.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private readonly Dictionary<string, long> _bytes = new();
    private readonly object _gate = new(); // events arrive on runtime threads
    private bool _counting;

    public static AllocationSampler? FromEnvironment() =>
        Environment.GetEnvironmentVariable("BANK_BENCH_ALLOCS") == "1" ? new AllocationSampler() : null;

    public void Start()
    {
        lock (_gate)
        {
            _bytes.Clear();
            _counting = true;
        }
    }

    public void Print(int transfers, int top = 20)
    {
        List<KeyValuePair<string, long>> rows;
        lock (_gate)
        {
            _counting = false;
            rows = _bytes.OrderByDescending(r => r.Value).Take(top).ToList();
        }
        foreach (var (type, bytes) in rows)
            Console.WriteLine($"  allocated {bytes / (double)transfers,8:F0} B/transfer  {type}");
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: GCAllocationTick
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
            return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        lock (_gate)
        {
            if (_counting)
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
        }
    }
}
