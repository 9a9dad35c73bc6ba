using ActorChat.Bank;
using Xunit;

namespace ActorChat.Tests.Bank;

/// <summary>
/// The Jepsen-style check for tests that drive the bank from outside: every outcome each transfer was
/// reported with (it may be asked several times, on several nodes), then the balances at quiescence.
/// </summary>
public sealed class BankLedger(IReadOnlyDictionary<string, long> opening)
{
    private readonly Dictionary<string, TransferOutcome> _outcomes = new();
    private readonly Dictionary<string, (string From, string To, long Amount)> _transfers = new();
    private readonly List<string> _conflicts = [];

    public int Ended
    {
        get
        {
            lock (_outcomes)
                return _outcomes.Count;
        }
    }

    /// <summary>Records a reported outcome; a transfer reported with two different outcomes is a violation.</summary>
    public void Record(string id, string from, string to, long amount, TransferOutcome outcome)
    {
        lock (_outcomes)
        {
            if (_outcomes.TryGetValue(id, out var earlier) && earlier != outcome)
                _conflicts.Add($"{id}: {earlier} then {outcome}");
            _outcomes[id] = outcome;
            _transfers[id] = (from, to, amount);
        }
    }

    public int Count(TransferOutcome outcome)
    {
        lock (_outcomes)
            return _outcomes.Values.Count(o => o == outcome);
    }

    /// <summary>
    /// Money conserved, no balance negative, no transfer with two outcomes, and every balance equal to
    /// its opening plus exactly the transfers that ended Applied (nothing applied twice, lost, or
    /// refunded without a debit).
    /// </summary>
    public void AssertHolds(IReadOnlyDictionary<string, long> balances, int transfers)
    {
        lock (_outcomes)
        {
            Assert.Empty(_conflicts);
            Assert.Equal(transfers, _outcomes.Count);
            Assert.Equal(opening.Values.Sum(), balances.Values.Sum());
            Assert.DoesNotContain(balances, b => b.Value < 0);
            var expected = opening.ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var (id, outcome) in _outcomes)
            {
                if (outcome != TransferOutcome.Applied)
                    continue;
                var (from, to, amount) = _transfers[id];
                expected[from] -= amount;
                expected[to] = expected.GetValueOrDefault(to) + amount;
            }
            Assert.Equal(expected.OrderBy(kv => kv.Key), balances.OrderBy(kv => kv.Key));
        }
    }
}
