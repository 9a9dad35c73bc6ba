namespace ActorChat.Bank;

// Every message names the entity it is for, so a shard region routes it by the id it carries.
// A transfer has no entity of its own: it lives in its source account, which debits, asks the
// destination to credit, and records how it ended (see AccountState).

/// <summary>Sent to an account, routed by <see cref="AccountId"/>.</summary>
public interface IAccountCommand
{
    string AccountId { get; }
}

/// <summary>Names the transfer it is about (a start, a re-ask, a report).</summary>
public interface ITransferCommand
{
    string TransferId { get; }
}

/// <summary>Persisted by an account; serialized by <see cref="BankJsonSerializer"/>.</summary>
public interface IAccountEvent;

/// <summary>How a transfer ended: exactly one of these, exactly once.</summary>
public enum TransferOutcome
{
    /// <summary>Source debited and destination credited.</summary>
    Applied,
    /// <summary>The source refused the debit (insufficient funds, no such account): nothing moved.</summary>
    Refused,
    /// <summary>The source was debited, the destination refused the credit, the source got its money back.</summary>
    Refunded,
}

// ---- account commands ----

/// <summary>Opens the account with an initial deposit; opening twice is a no-op (the id is the account's).</summary>
public sealed record OpenAccount(string AccountId, long InitialBalance) : IAccountCommand;

/// <summary>Answered with <see cref="AccountBalance"/>.</summary>
public sealed record GetBalance(string AccountId) : IAccountCommand;

/// <summary>Fault injection: the account throws, its supervisor restarts it with backoff and it recovers from its journal.</summary>
public sealed record CrashAccount(string AccountId) : IAccountCommand;

/// <summary>
/// Starts (or, with the same id, re-asks) a transfer. Routed to the source account (<see cref="From"/>),
/// which answers <see cref="TransferCompleted"/> once the transfer has ended; asking again is safe.
/// </summary>
public sealed record StartTransfer(string TransferId, string From, string To, long Amount) : ITransferCommand, IAccountCommand
{
    public string AccountId => From;
}

/// <summary>A source account asks the destination to take the money it has debited; answered with <see cref="CreditResult"/> to the source.</summary>
public sealed record CreditTransfer(string AccountId, string TransferId, string From, long Amount) : IAccountCommand, ITransferCommand;

/// <summary>
/// The destination's decision on a credit, the same every time it is asked again; routed to the source
/// (<see cref="AccountId"/> = the transfer's source) through the shard region, so it reaches whichever
/// incarnation of the source is alive, on whatever node.
/// </summary>
public sealed record CreditResult(string AccountId, string TransferId, string Destination, bool Accepted, string? Reason)
    : IAccountCommand, ITransferCommand;

// ---- replies ----

public sealed record AccountBalance(string AccountId, bool IsOpen, long Balance);

/// <summary>A transfer's end, told to whoever started or re-asked it.</summary>
public sealed record TransferCompleted(string TransferId, string From, string To, long Amount, TransferOutcome Outcome) : ITransferCommand;

// ---- account events (the journal; never rename one: the name is the stored manifest) ----

public sealed record AccountOpened(string AccountId, long InitialBalance) : IAccountEvent;

/// <summary>Source: the money left this account for <paramref name="To"/>; the transfer is open until <see cref="TransferEnded"/>.</summary>
public sealed record TransferDebited(string TransferId, string To, long Amount) : IAccountEvent;

/// <summary>Source: the transfer was refused before anything moved; recorded so a re-ask gets the same answer after money arrives.</summary>
public sealed record TransferRefused(string TransferId, string To, long Amount, string Reason) : IAccountEvent;

/// <summary>Source: an open transfer ended; <see cref="TransferOutcome.Refunded"/> gives the debited money back.</summary>
public sealed record TransferEnded(string TransferId, TransferOutcome Outcome) : IAccountEvent;

/// <summary>Destination: a credit decided; refusals are recorded too, so a retried credit gets the same answer after a crash.</summary>
public sealed record CreditDecided(string TransferId, string From, long Amount, bool Accepted, string? Reason) : IAccountEvent;

/// <summary>The exception fault injection throws; supervision treats it like any other crash.</summary>
public sealed class SimulatedCrash(string entity) : Exception($"simulated crash of {entity}");
