namespace ActorChat.Bank;

/// <summary>What an account does with a message: the events to persist, then the reply (if any) once they are.</summary>
public sealed record AccountDecision(IReadOnlyList<IAccountEvent> Events, object? Reply)
{
    public static readonly AccountDecision Nothing = new([], null);

    public static AccountDecision Answer(object reply) => new([], reply);
}

/// <summary>A transfer this account is the source of; <see cref="Outcome"/> is null while the credit is outstanding.</summary>
public sealed record OutgoingTransfer(string TransferId, string To, long Amount, TransferOutcome? Outcome);

/// <summary>
/// One account as a pure state machine: <see cref="Process"/> decides without changing anything,
/// <see cref="Apply"/> changes state from an event (live or replayed). A transfer lives in its source
/// account: the source debits (<see cref="TransferDebited"/>) or refuses (<see cref="TransferRefused"/>),
/// the destination decides the credit once (<see cref="CreditDecided"/>), and the source records the end
/// (<see cref="TransferEnded"/>: applied, or refunded when the credit was refused). A debit without an
/// end is re-driven after a crash (<see cref="OpenTransfers"/>): the destination answers a repeated
/// credit with its first decision, so the transfer still ends exactly once.
/// </summary>
public sealed class AccountState
{
    private readonly Dictionary<string, OutgoingTransfer> _outgoing = new();
    // Keyed by source too: a transfer id is unique per source, so another source reusing it is another
    // transfer (its credit must not get this one's answer, or its debit would vanish).
    private readonly Dictionary<(string From, string TransferId), CreditDecided> _incoming = new();
    private readonly Dictionary<string, OutgoingTransfer> _open = new();

    public AccountState(string accountId)
    {
        AccountId = accountId;
    }

    public string AccountId { get; }
    public bool IsOpen { get; private set; }
    public long Balance { get; private set; }

    /// <summary>Transfers debited here whose credit has not been answered yet: the ones to (re-)send.</summary>
    public IReadOnlyCollection<OutgoingTransfer> OpenTransfers => _open.Values;

    public AccountDecision Process(IAccountCommand command) => command switch
    {
        OpenAccount open => Open(open),
        GetBalance => AccountDecision.Answer(Snapshot()),
        StartTransfer start => Start(start),
        CreditTransfer credit => Credit(credit),
        _ => throw new ArgumentException($"account cannot process {command.GetType().Name}", nameof(command)),
    };

    /// <summary>The destination's answer to one of this account's credits: the transfer's end, or nothing if it has one already.</summary>
    public AccountDecision OnCreditResult(CreditResult result)
    {
        if (!_open.ContainsKey(result.TransferId))
            return AccountDecision.Nothing; // a late duplicate: the transfer has ended already
        return new([new TransferEnded(result.TransferId, result.Accepted ? TransferOutcome.Applied : TransferOutcome.Refunded)], null);
    }

    /// <summary>How transfer <paramref name="transferId"/> ended, if this account is its source and it has.</summary>
    public TransferCompleted? Completion(string transferId) =>
        _outgoing.TryGetValue(transferId, out var t) && t.Outcome is { } outcome
            ? new TransferCompleted(t.TransferId, AccountId, t.To, t.Amount, outcome)
            : null;

    public OutgoingTransfer? OpenTransfer(string transferId) => _open.GetValueOrDefault(transferId);

    public CreditTransfer CreditFor(OutgoingTransfer transfer) => new(transfer.To, transfer.TransferId, AccountId, transfer.Amount);

    public void Apply(IAccountEvent @event)
    {
        switch (@event)
        {
            case AccountOpened opened:
                IsOpen = true;
                Balance = opened.InitialBalance;
                break;
            case TransferDebited debited:
                Balance -= debited.Amount;
                _outgoing[debited.TransferId] = _open[debited.TransferId] =
                    new OutgoingTransfer(debited.TransferId, debited.To, debited.Amount, null);
                break;
            case TransferRefused refused:
                _outgoing[refused.TransferId] = new OutgoingTransfer(refused.TransferId, refused.To, refused.Amount, TransferOutcome.Refused);
                break;
            case TransferEnded ended when _open.Remove(ended.TransferId, out var open):
                if (ended.Outcome == TransferOutcome.Refunded)
                    Balance += open.Amount;
                _outgoing[ended.TransferId] = open with { Outcome = ended.Outcome };
                break;
            case TransferEnded:
                break; // a second end of the same transfer (a write behind one that was lost and redone) changes nothing
            case CreditDecided credit:
                _incoming[(credit.From, credit.TransferId)] = credit;
                if (credit.Accepted)
                    Balance += credit.Amount;
                break;
            default:
                throw new ArgumentException($"account cannot apply {@event.GetType().Name}", nameof(@event));
        }
    }

    public AccountBalance Snapshot() => new(AccountId, IsOpen, Balance);

    private AccountDecision Open(OpenAccount open)
    {
        if (IsOpen || open.InitialBalance < 0)
            return AccountDecision.Answer(Snapshot());
        return new([new AccountOpened(AccountId, open.InitialBalance)], new AccountBalance(AccountId, true, open.InitialBalance));
    }

    private AccountDecision Start(StartTransfer start)
    {
        // At most once per id: a known transfer gets its outcome again, or waits for it if still open.
        if (_outgoing.ContainsKey(start.TransferId))
            return Completion(start.TransferId) is { } done ? AccountDecision.Answer(done) : AccountDecision.Nothing;

        var reason = start.Amount <= 0 ? "amount must be positive"
            : !IsOpen ? "no such account"
            : Balance < start.Amount ? "insufficient funds"
            : null;
        if (reason is not null)
            return new([new TransferRefused(start.TransferId, start.To, start.Amount, reason)],
                new TransferCompleted(start.TransferId, AccountId, start.To, start.Amount, TransferOutcome.Refused));
        return new([new TransferDebited(start.TransferId, start.To, start.Amount)], null);
    }

    private AccountDecision Credit(CreditTransfer credit)
    {
        if (_incoming.TryGetValue((credit.From, credit.TransferId), out var earlier))
            return AccountDecision.Answer(Result(earlier));
        var reason = credit.Amount <= 0 ? "amount must be positive" : !IsOpen ? "no such account" : null;
        var decided = new CreditDecided(credit.TransferId, credit.From, credit.Amount, reason is null, reason);
        return new([decided], Result(decided));
    }

    private CreditResult Result(CreditDecided decided) => new(decided.From, decided.TransferId, AccountId, decided.Accepted, decided.Reason);
}
