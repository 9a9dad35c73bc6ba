namespace ActorChat.Bank;

// Every message names the entity it is for (AccountId / TransferId), so the bank actor can route it
// to a child by name today and a shard region can route it by the same id later.

/// <summary>Sent to an account, routed by <see cref="AccountId"/>.</summary>
public interface IAccountCommand
{
    string AccountId { get; }
}

/// <summary>Sent to a transfer, routed by <see cref="TransferId"/>.</summary>
public interface ITransferCommand
{
    string TransferId { get; }
}

/// <summary>Persisted by an account; serialized by <see cref="BankJsonSerializer"/>.</summary>
public interface IAccountEvent;

/// <summary>Persisted by a transfer; serialized by <see cref="BankJsonSerializer"/>.</summary>
public interface ITransferEvent;

/// <summary>The three things a transfer asks of an account; each is applied at most once per transfer.</summary>
public enum TransferStep
{
    Debit,
    Credit,
    Refund,
}

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

/// <summary>One step of transfer <paramref name="TransferId"/> against this account; answered with <see cref="StepResult"/>.</summary>
public sealed record ApplyStep(string AccountId, string TransferId, TransferStep Step, long Amount) : IAccountCommand;

/// <summary>Answered with <see cref="AccountBalance"/>.</summary>
public sealed record GetBalance(string AccountId) : IAccountCommand;

/// <summary>Fault injection: the account throws, its supervisor restarts it with backoff and it recovers from its journal.</summary>
public sealed record CrashAccount(string AccountId) : IAccountCommand;

// ---- account replies ----

/// <summary>The account's decision for one step; the same decision every time the step is asked again.</summary>
public sealed record StepResult(string AccountId, string TransferId, TransferStep Step, bool Accepted, string? Reason);

public sealed record AccountBalance(string AccountId, bool IsOpen, long Balance);

// ---- account events ----

public sealed record AccountOpened(string AccountId, long InitialBalance) : IAccountEvent;

/// <summary>A step decided; refusals are recorded too, so a retried step gets the same answer after a crash.</summary>
public sealed record StepRecorded(string TransferId, TransferStep Step, long Amount, bool Accepted, string? Reason) : IAccountEvent;

// ---- transfer commands ----

/// <summary>Starts (or, with the same id, re-asks) a transfer; the bank answers <see cref="TransferCompleted"/> once it has ended.</summary>
public sealed record StartTransfer(string TransferId, string From, string To, long Amount) : ITransferCommand;

/// <summary>Fault injection: the transfer throws, is restarted with backoff and resumes from its journal.</summary>
public sealed record CrashTransfer(string TransferId) : ITransferCommand;

public sealed record TransferCompleted(string TransferId, string From, string To, long Amount, TransferOutcome Outcome) : ITransferCommand;

// ---- transfer events ----

public sealed record TransferStarted(string TransferId, string From, string To, long Amount) : ITransferEvent;

public sealed record TransferEnded(string TransferId, TransferOutcome Outcome) : ITransferEvent;

/// <summary>The exception fault injection throws; supervision treats it like any other crash.</summary>
public sealed class SimulatedCrash(string entity) : Exception($"simulated crash of {entity}");
