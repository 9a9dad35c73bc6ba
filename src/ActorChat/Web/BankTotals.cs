using ActorChat.Bank;

namespace ActorChat.Web;

/// <summary>One account as the status page and /api/accounts show it.</summary>
public sealed record AccountSummary(string Account, long Balance);

/// <summary>The bank at a glance: the money in it (constant unless accounts open) and how transfers ended.</summary>
public sealed record BankStatus(
    int Accounts, long TotalMoney, int Negative, long TransfersStarted, long Applied, long Refused, long Refunded,
    long Pending, IReadOnlyList<AccountSummary> Largest);

/// <summary>
/// The bank's read side, as a pure fold over its journal's events (the events the accounts persist, transfers included),
/// so it needs nothing from the bank actors and sees every account in the journal, on any node sharing it.
/// </summary>
public sealed class BankTotals
{
    /// <summary>How many accounts the status section lists by name (the largest balances); /api/accounts has all.</summary>
    public const int Listed = 20;

    private readonly Dictionary<string, string> _accountOf = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _open = new(StringComparer.Ordinal);
    private long _started, _applied, _refused, _refunded;

    private bool _changed = true;

    /// <summary>True once after each change: whether there is something new to publish.</summary>
    public bool TakeChange()
    {
        var changed = _changed;
        _changed = false;
        return changed;
    }

    /// <summary>Applies one journal event of entity <paramref name="persistenceId"/>; other events are ignored.</summary>
    public void Apply(string persistenceId, object @event)
    {
        switch (@event)
        {
            case AccountOpened opened:
                _accountOf[persistenceId] = opened.AccountId;
                _balances[opened.AccountId] = opened.InitialBalance;
                break;
            case TransferDebited debited:
                _started++;
                _open[debited.TransferId] = debited.Amount;
                Move(persistenceId, -debited.Amount);
                break;
            case TransferRefused:
                _started++;
                _refused++;
                break;
            case TransferEnded ended when _open.Remove(ended.TransferId, out var amount):
                if (ended.Outcome == TransferOutcome.Refunded)
                {
                    _refunded++;
                    Move(persistenceId, amount);
                }
                else
                {
                    _applied++;
                }
                break;
            case CreditDecided { Accepted: true } credit:
                Move(persistenceId, credit.Amount);
                break;
            default:
                return;
        }
        _changed = true;
    }

    private void Move(string persistenceId, long amount)
    {
        if (_accountOf.TryGetValue(persistenceId, out var account))
            _balances[account] += amount;
    }

    public IReadOnlyList<AccountSummary> Accounts() => _balances.Select(b => new AccountSummary(b.Key, b.Value)).ToList();

    public BankStatus Status()
    {
        var ended = _applied + _refused + _refunded;
        return new BankStatus(
            _balances.Count,
            _balances.Values.Sum(),
            _balances.Values.Count(b => b < 0),
            _started, _applied, _refused, _refunded, Math.Max(0, _started - ended),
            _balances.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Take(Listed)
                .Select(b => new AccountSummary(b.Key, b.Value)).ToList());
    }
}
