using ActorChat.Bank;
using ActorChat.Hosting;
using ActorChat.Tests.Bank;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Xunit;

namespace ActorChat.Tests.Cluster;

/// <summary>
/// Three in-process nodes sharing one PostgreSQL journal (a fresh database per test): accounts (and
/// so the transfers they send) are sharded over them, and the books stay exact while a node leaves mid-run.
/// </summary>
public sealed class BankClusterSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<ActorChatNode> _nodes = [];
    private TestPostgres _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateAsync();
        var hocon = TestNodes.Loopback + "\n" + _db.BankHocon + """

            actorchat.bank.reask = 1s
            actorchat.bank.step-retry = 500ms
            """;
        var first = await ActorChatNode.StartAsync(new NodeOptions { ExtraHocon = hocon });
        _nodes.Add(first);
        var seed = Akka.Cluster.Cluster.Get(first.System).SelfAddress;
        for (var i = 0; i < 2; i++)
            _nodes.Add(await ActorChatNode.StartAsync(new NodeOptions { Seeds = [$"{seed.Host}:{seed.Port}"], ExtraHocon = hocon }));
        await Eventually(() => _nodes.All(n =>
            Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3));
        // Up is not enough: shards go only to regions the coordinator knows, so wait for all three.
        var accounts = await first.Registry.GetAsync<BankAccountRegion>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await accounts.Ask<CurrentRegions>(GetCurrentRegions.Instance, Patience)).Regions.Count < 3)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the account regions of three nodes never registered");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task Eventually(Func<bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(100);
        }
    }

    private static Task<IActorRef> Bank(ActorChatNode node) => node.Registry.GetAsync<BankRegistryKey>();

    private static async Task<int> AccountsHostedOn(ActorChatNode node)
    {
        var region = await node.Registry.GetAsync<BankAccountRegion>();
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.Sum(s => s.EntityIds.Count);
    }

    [Fact]
    public async Task Transfers_asked_on_every_node_keep_the_books_exact_while_a_node_leaves_mid_run()
    {
        var accounts = Enumerable.Range(0, 12).Select(i => $"acc-{i}").ToList();
        var opening = accounts.ToDictionary(a => a, _ => 1_000L);
        opening["nobody"] = 0; // never opened: transfers to it are refunded
        var first = await Bank(_nodes[0]);
        foreach (var account in accounts)
            await first.Ask<AccountBalance>(new OpenAccount(account, 1_000), Patience);

        // The accounts live on more than one node.
        var hosting = 0;
        foreach (var node in _nodes)
            hosting += await AccountsHostedOn(node) > 0 ? 1 : 0;
        Assert.True(hosting >= 2, $"accounts hosted on {hosting} node(s)");

        var random = new Random(7);
        var plan = Enumerable.Range(0, 600).Select(i =>
        {
            var from = accounts[random.Next(accounts.Count)];
            var to = i % 40 == 0 ? "nobody" : accounts[random.Next(accounts.Count)];
            return new StartTransfer($"t-{i}", from, to, random.Next(1, 300));
        }).ToList();
        var ledger = new BankLedger(opening);

        async Task Run(IEnumerable<StartTransfer> transfers, IReadOnlyList<IActorRef> banks)
        {
            using var inFlight = new SemaphoreSlim(32);
            await Task.WhenAll(transfers.Select(async (t, i) =>
            {
                await inFlight.WaitAsync();
                try
                {
                    var done = await banks[i % banks.Count].Ask<TransferCompleted>(t, Patience);
                    ledger.Record(done.TransferId, t.From, t.To, t.Amount, done.Outcome);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        // A third asked on each of the three nodes...
        var all = new List<IActorRef>();
        foreach (var node in _nodes)
            all.Add(await Bank(node));
        await Run(plan.Take(200), all);

        // ...the rest on the first two while the third leaves: its accounts and half-way transfers are
        // handed off and start again on the others from the journal.
        var leaving = _nodes[2].StopAsync();
        await Run(plan.Skip(200), all.Take(2).ToList());
        await leaving;
        // Asked again, a finished transfer reports the outcome it ended with.
        foreach (var t in plan.Take(20))
        {
            var again = await first.Ask<TransferCompleted>(t, Patience);
            ledger.Record(again.TransferId, t.From, t.To, t.Amount, again.Outcome);
        }

        var balances = new Dictionary<string, long>();
        foreach (var account in opening.Keys)
            balances[account] = (await first.Ask<AccountBalance>(new GetBalance(account), Patience)).Balance;
        ledger.AssertHolds(balances, plan.Count);
        Assert.True(ledger.Count(TransferOutcome.Refunded) > 0);

        // The shared journal holds exactly one end (applied, refunded, or refused up front) for every
        // transfer. An applied end is written behind its report, so wait for the last ones (bounded).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<long> ends;
        while ((ends = await _db.Column<long>(
                   "select count(*) from journal where manifest in ('TransferEnded', 'TransferRefused') " +
                   "group by (convert_from(message, 'UTF8')::json ->> 'TransferId') having count(*) = 1")).Count < plan.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{ends.Count} of {plan.Count} transfers have their end in the journal");
            await Task.Delay(200);
        }
        Assert.Equal(plan.Count, ends.Count);
    }
}
