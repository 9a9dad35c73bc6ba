namespace ActorChat.Chat;

/// <summary>
/// Flood control for one member: <see cref="Burst"/> messages at once, refilled at
/// <see cref="Rate"/> per second. Immutable and clock-free so it can be tested without waiting.
/// </summary>
public readonly record struct TokenBucket(double Rate, double Burst, double Tokens, TimeSpan LastRefill)
{
    public static TokenBucket Full(double rate, double burst, TimeSpan now) => new(rate, burst, burst, now);

    /// <summary>Takes one token if there is one; returns the bucket to keep either way.</summary>
    public TokenBucket TryTake(TimeSpan now, out bool taken)
    {
        var elapsed = Math.Max(0, (now - LastRefill).TotalSeconds);
        var tokens = Math.Min(Burst, Tokens + elapsed * Rate);
        taken = tokens >= 1;
        return this with { Tokens = taken ? tokens - 1 : tokens, LastRefill = now };
    }
}
