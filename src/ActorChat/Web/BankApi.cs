using ActorChat.Bank;
using ActorChat.Hosting;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorChat.Web;

/// <summary>
/// The bank over HTTP, on every node: open an account, read a balance, run a transfer. Each request is
/// asked of the node's bank actor, which finds the account or transfer wherever it lives in the cluster.
/// A transfer is idempotent by its id: post the same id again (to any node) to learn how it ended.
/// </summary>
public static class BankApi
{
    private static readonly TimeSpan AccountTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public sealed record OpenRequest(string? Id, long Balance);

    public sealed record TransferRequest(string? Id, string? From, string? To, long Amount);

    public sealed record BalanceReply(string Id, bool Open, long Balance);

    public sealed record TransferReply(string Id, string From, string To, long Amount, string Outcome);

    public static WebApplication MapBankApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        // Opening an account twice is a no-op: the answer is the account as it is.
        api.MapPost("/accounts", async (OpenRequest request, IRequiredActor<BankRegistryKey> bank, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Id) || request.Balance < 0)
                return Results.BadRequest(new { error = "expected {\"id\": non-empty, \"balance\": >= 0}" });
            var balance = await Ask<AccountBalance>(bank, new OpenAccount(request.Id, request.Balance), AccountTimeout, ct);
            return balance is null ? Timeout() : Results.Ok(Reply(balance));
        });
        api.MapGet("/accounts/{id}", async (string id, IRequiredActor<BankRegistryKey> bank, CancellationToken ct) =>
        {
            var balance = await Ask<AccountBalance>(bank, new GetBalance(id), AccountTimeout, ct);
            return balance is null ? Timeout() : Results.Ok(Reply(balance));
        });
        // 200 with the outcome once the transfer has ended; 202 if it has not within ?wait=seconds (post it again).
        api.MapPost("/transfers", async (TransferRequest request, double? wait, IRequiredActor<BankRegistryKey> bank,
            CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Id) || string.IsNullOrWhiteSpace(request.From)
                || string.IsNullOrWhiteSpace(request.To) || request.Amount <= 0)
                return Results.BadRequest(new { error = "expected {\"id\", \"from\", \"to\": non-empty, \"amount\": > 0}" });
            var within = wait is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds)) : DefaultWait;
            var done = await Ask<TransferCompleted>(bank, new StartTransfer(request.Id, request.From, request.To, request.Amount), within, ct);
            return done is null
                ? Results.Accepted(value: new { id = request.Id, outcome = "pending" })
                : Results.Ok(new TransferReply(done.TransferId, done.From, done.To, done.Amount, done.Outcome.ToString()));
        });
        return app;
    }

    private static BalanceReply Reply(AccountBalance balance) => new(balance.AccountId, balance.IsOpen, balance.Balance);

    private static IResult Timeout() => Results.Problem("the bank did not answer in time; try again", statusCode: 503);

    /// <summary>The answer, or null when none came in time (the request is safe to repeat).</summary>
    private static async Task<T?> Ask<T>(IRequiredActor<BankRegistryKey> bank, object message, TimeSpan timeout, CancellationToken ct)
        where T : class
    {
        var actor = await bank.GetAsync(ct);
        try
        {
            return await actor.Ask<T>(message, timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
