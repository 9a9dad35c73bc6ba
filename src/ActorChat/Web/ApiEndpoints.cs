using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorChat.Web;

/// <summary>
/// The JSON API behind the pages. Every answer comes from an actor (asked, or streamed for the live page).
/// A feature with its own data (rooms, files, accounts) publishes a <see cref="StatusSection"/> and appears in
/// /api/status and /api/sections/{name} without changes here; it maps its own /api/{feature} routes beside these.
/// </summary>
public static class ApiEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static WebApplication MapActorChatApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/status", async (IRequiredActor<StatusActor> status, CancellationToken ct) =>
            TypedResults.Ok(await Status(status, ct)));
        api.MapGet("/node", async (IRequiredActor<StatusActor> status, CancellationToken ct) =>
        {
            var s = await Status(status, ct);
            return TypedResults.Ok(new { s.Node, s.UptimeSeconds, s.Services });
        });
        api.MapGet("/members", async (IRequiredActor<StatusActor> status, CancellationToken ct) =>
            TypedResults.Ok((await Status(status, ct)).Members));
        api.MapGet("/counters", async (IRequiredActor<StatusActor> status, CancellationToken ct) =>
            TypedResults.Ok((await Status(status, ct)).Counters));
        api.MapGet("/sections/{name}", async (string name, IRequiredActor<StatusActor> status, CancellationToken ct) =>
            (await Status(status, ct)).Sections.TryGetValue(name, out var section)
                ? Results.Ok(section)
                : Results.NotFound());
        // Every account in the bank's journal with the totals; 503 while the journal cannot be read.
        api.MapGet("/accounts", async (IRequiredActor<BankStatusPublisher> bank, CancellationToken ct) =>
        {
            var list = await (await bank.GetAsync(ct)).Ask<AccountList>(GetAccounts.Instance, AskTimeout, ct);
            return list.Unavailable is null
                ? Results.Ok(new { list.Totals, list.Accounts })
                : Results.Json(new { list.Unavailable }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        // The live page: a snapshot now and one every status interval, pushed by the status actor.
        api.MapGet("/status/stream", (ActorSystem system, IRequiredActor<StatusActor> status, HttpContext http) =>
            TypedResults.ServerSentEvents(StatusFeed.Read(system, status.ActorRef, http.RequestAborted), "status"));
        return app;
    }

    private static async Task<StatusSnapshot> Status(IRequiredActor<StatusActor> status, CancellationToken ct)
    {
        var actor = await status.GetAsync(ct);
        return await actor.Ask<StatusSnapshot>(GetStatus.Instance, AskTimeout, ct);
    }
}
