namespace ActorChat.Bank;

/// <summary>What an account does with a command: the events to persist and the reply to send once they are.</summary>
public sealed record AccountDecision(IReadOnlyList<IAccountEvent> Events, object Reply)
{
    public static AccountDecision Answer(object reply) => new([], reply);
}

/// <summary>
/// One account's balance and every step it has decided, as a pure state machine: <see cref="Process"/>
/// decides without changing anything, <see cref="Apply"/> changes state from an event (live or replayed).
/// The actor around it only persists and replies, so every rule here is testable without an ActorSystem.
/// </summary>
public sealed class AccountState
{
    private readonly Dictionary<(string TransferId, TransferStep Step), StepRecorded> _decided = new();

    public AccountState(string accountId)
    {
        AccountId = accountId;
    }

    public string AccountId { get; }
    public bool IsOpen { get; private set; }
    public long Balance { get; private set; }
    public int DecidedSteps => _decided.Count;

    public AccountDecision Process(IAccountCommand command) => command switch
    {
        OpenAccount open => Open(open),
        ApplyStep step => Step(step),
        GetBalance => AccountDecision.Answer(Snapshot()),
        _ => throw new ArgumentException($"account cannot process {command.GetType().Name}", nameof(command)),
    };

    public void Apply(IAccountEvent @event)
    {
        switch (@event)
        {
            case AccountOpened opened:
                IsOpen = true;
                Balance = opened.InitialBalance;
                break;
            case StepRecorded recorded:
                _decided[(recorded.TransferId, recorded.Step)] = recorded;
                if (recorded.Accepted)
                    Balance += recorded.Step == TransferStep.Debit ? -recorded.Amount : recorded.Amount;
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

    private AccountDecision Step(ApplyStep step)
    {
        // At most once: a step already decided gets the same answer again and changes nothing.
        if (_decided.TryGetValue((step.TransferId, step.Step), out var earlier))
            return AccountDecision.Answer(Result(earlier));

        var reason = Refusal(step);
        var recorded = new StepRecorded(step.TransferId, step.Step, step.Amount, reason is null, reason);
        return new([recorded], Result(recorded));
    }

    private string? Refusal(ApplyStep step)
    {
        if (step.Amount <= 0)
            return "amount must be positive";
        if (!IsOpen)
            return "no such account";
        return step.Step switch
        {
            TransferStep.Debit when Balance < step.Amount => "insufficient funds",
            TransferStep.Refund when !_decided.TryGetValue((step.TransferId, TransferStep.Debit), out var debit)
                                     || !debit.Accepted || debit.Amount != step.Amount => "no matching debit to refund",
            _ => null,
        };
    }

    private StepResult Result(StepRecorded recorded) =>
        new(AccountId, recorded.TransferId, recorded.Step, recorded.Accepted, recorded.Reason);
}
