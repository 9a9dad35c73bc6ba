using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorChat.Bank;
using ActorChat.Tests.Bank;
using Xunit;
using Xunit.Abstractions;

namespace ActorChat.Tests.Cluster;

/// <summary>
/// Jepsen-style, on real processes: three nodes on one PostgreSQL journal, thousands of concurrent
/// transfers over HTTP, one node killed with SIGKILL mid-run. Unfinished transfers are asked again on
/// the survivors with the same ids; at the end money is conserved, no balance is negative and every
/// transfer ended exactly once.
/// </summary>
public sealed class BankProcessClusterSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private const int Transfers = 1_500;
    private const int Concurrency = 48;
    private readonly List<NodeProcess> _nodes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    private TestPostgres _db = null!;

    private Task<NodeProcess> Start(params string[] extra) =>
        NodeProcess.StartAsync(TestNodes.KillableClusterArguments.Concat(
        [
            "--set", "actorchat.bank.store=postgresql",
            "--set", $"actorchat.bank.connection-string=\"{_db.ConnectionString}\"",
            "--set", "akka.loglevel=WARNING",
            // A transfer stalled on the dead node is asked again soon after its shards moved.
            "--set", "actorchat.bank.reask=2s",
        ]).Concat(extra));

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateAsync();
        _nodes.AddRange(await NodeProcess.StartClusterAsync(3, Start));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        _http.Dispose();
        await _db.DisposeAsync();
    }

    private sealed record Member(string Address, string Status);

    private async Task WaitForMembers(NodeProcess node, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var members = await _http.GetFromJsonAsync<List<Member>>(new Uri(node.Web, "/api/members"));
            if (members!.Count(m => m.Status == "Up") == count)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"cluster never reached {count} members: {string.Join(", ", members!)}");
            await Task.Delay(200);
        }
    }

    /// <summary>Posts until the node answers 200 (503: the bank was busy or an entity was moving).</summary>
    private async Task<JsonElement> PostUntilAnswered(NodeProcess node, string path, object body)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await _http.PostAsJsonAsync(new Uri(node.Web, path), body);
            if (response.StatusCode == HttpStatusCode.OK)
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(attempt < 20, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<long> BalanceOf(NodeProcess node, string account)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await _http.GetAsync(new Uri(node.Web, "/api/accounts/" + account));
            if (response.StatusCode == HttpStatusCode.OK)
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetInt64();
            Assert.True(attempt < 20, $"balance of {account}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Thousands_of_transfers_over_three_node_processes_keep_the_books_exact_when_one_is_killed_with_sigkill()
    {
        await WaitForMembers(_nodes[0], 3);
        output.WriteLine($"{_clock.Elapsed}: three members up");
        var accounts = Enumerable.Range(0, 20).Select(i => $"acc-{i}").ToList();
        var opening = accounts.ToDictionary(a => a, _ => 1_000L);
        opening["nobody"] = 0; // never opened: transfers to it are refunded
        foreach (var account in accounts)
            await PostUntilAnswered(_nodes[0], "/api/accounts", new { id = account, balance = 1_000 });

        var random = new Random(11);
        var plan = Enumerable.Range(0, Transfers).Select(i =>
        {
            var from = accounts[random.Next(accounts.Count)];
            var to = i % 50 == 0 ? "nobody" : accounts[random.Next(accounts.Count)];
            return new StartTransfer($"t-{i}", from, to, random.Next(1, 300));
        }).ToList();
        var ledger = new BankLedger(opening);
        var victim = _nodes[2];
        var killed = 0;
        var asksAfterFailure = 0;

        async Task Drive(StartTransfer t, int i)
        {
            var body = new { id = t.TransferId, from = t.From, to = t.To, amount = t.Amount };
            for (var attempt = 0; ; attempt++)
            {
                // Round-robin over the nodes; once the victim is dead, over the survivors (same id).
                var alive = Volatile.Read(ref killed) == 0 ? _nodes : _nodes.Take(2).ToList();
                var node = alive[(i + attempt) % alive.Count];
                if (attempt > 0)
                    Interlocked.Increment(ref asksAfterFailure);
                try
                {
                    using var response = await _http.PostAsJsonAsync(new Uri(node.Web, "/api/transfers?wait=20"), body);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var done = await response.Content.ReadFromJsonAsync<JsonElement>();
                        Assert.Equal(t.TransferId, done.GetProperty("id").GetString());
                        ledger.Record(t.TransferId, t.From, t.To, t.Amount,
                            Enum.Parse<TransferOutcome>(done.GetProperty("outcome").GetString()!));
                        return;
                    }
                    // 202: not ended within the wait (its entities are moving off the dead node); ask again.
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }
                catch (HttpRequestException) when (node == victim && Volatile.Read(ref killed) == 1)
                {
                    // The node died with this request in flight: ask a survivor.
                }
                catch (TaskCanceledException) when (node == victim && Volatile.Read(ref killed) == 1)
                {
                }
                Assert.True(attempt < 30, $"{t.TransferId} never ended");
            }
        }

        using var inFlight = new SemaphoreSlim(Concurrency);
        var kill = Task.Run(async () =>
        {
            // SIGKILL mid-run: once a third of the transfers have ended, with the rest in flight.
            while (ledger.Ended < Transfers / 3)
                await Task.Delay(20);
            // Marked first: a request the kill breaks must already know it may ask a survivor.
            Volatile.Write(ref killed, 1);
            victim.Process.Kill();
            output.WriteLine($"{_clock.Elapsed}: node 3 killed with {ledger.Ended} transfers ended");
            await victim.Process.WaitForExitAsync();
        });
        await Task.WhenAll(plan.Select(async (t, i) =>
        {
            await inFlight.WaitAsync();
            try
            {
                await Drive(t, i);
            }
            finally
            {
                inFlight.Release();
            }
        }));
        await kill;
        output.WriteLine($"{_clock.Elapsed}: all {Transfers} ended; {asksAfterFailure} asked again");
        Assert.True(victim.Process.HasExited);

        // Asked again on a survivor, finished transfers report the outcome they ended with.
        foreach (var t in plan.Where((_, i) => i % 20 == 0))
        {
            var again = await PostUntilAnswered(_nodes[1], "/api/transfers?wait=20",
                new { id = t.TransferId, from = t.From, to = t.To, amount = t.Amount });
            ledger.Record(t.TransferId, t.From, t.To, t.Amount, Enum.Parse<TransferOutcome>(again.GetProperty("outcome").GetString()!));
        }

        var balances = new Dictionary<string, long>();
        foreach (var account in opening.Keys)
            balances[account] = await BalanceOf(_nodes[0], account);
        ledger.AssertHolds(balances, Transfers);
        Assert.True(ledger.Count(TransferOutcome.Refunded) > 0);
        Assert.True(ledger.Count(TransferOutcome.Applied) > Transfers / 2);

        // A source reports Applied once the destination has decided the credit and writes its end behind
        // the report, so a SIGKILL can leave a reported transfer without its end in the journal. Asked
        // again (or woken by anything), such a source re-sends the credit, gets the same answer, writes the end.
        const string unended =
            "select " + TransferIdOf + " from journal where manifest = 'TransferDebited' except " +
            "select " + TransferIdOf + " from journal where manifest = 'TransferEnded'";
        var unwritten = await _db.Column<string>(unended);
        output.WriteLine($"{_clock.Elapsed}: {unwritten.Count} reported transfers had no end in the journal; asking them again");
        var byId = plan.ToDictionary(t => t.TransferId);
        foreach (var id in unwritten)
        {
            var t = byId[id];
            var again = await PostUntilAnswered(_nodes[1], "/api/transfers?wait=20",
                new { id = t.TransferId, from = t.From, to = t.To, amount = t.Amount });
            ledger.Record(t.TransferId, t.From, t.To, t.Amount, Enum.Parse<TransferOutcome>(again.GetProperty("outcome").GetString()!));
        }
        ledger.AssertHolds(balances, Transfers);
        // Their ends follow their answers: wait until the journal has them all (bounded).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await _db.Column<string>(unended)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "re-asked transfers never wrote their end");
            await Task.Delay(200);
        }

        // The shared journal: exactly one end (applied, refunded, or refused up front) for every transfer,
        // none for a transfer never asked.
        var ends = await _db.Column<long>(
            "select count(*) from journal where manifest in ('TransferEnded', 'TransferRefused') group by " + TransferIdOf + " having count(*) = 1");
        Assert.Equal(Transfers, ends.Count);
        Assert.Equal(Transfers, (await _db.Column<long>(
            "select count(distinct " + TransferIdOf + ") from journal where manifest in ('TransferEnded', 'TransferRefused')"))[0]);
    }

    // The bank's journal rows are JSON (BankJsonSerializer): the transfer an event is about.
    private const string TransferIdOf = "(convert_from(message, 'UTF8')::json ->> 'TransferId')";
}
