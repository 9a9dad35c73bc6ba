using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActorChat.Web;

/// <summary>
/// A request the API cannot take (a body that is not JSON or not typed as JSON, `?wait=abc`, a wrong method) gets its status
/// and a one-line reason in the API's own shape, <c>{"error": "…"}</c>, instead of ASP.NET Core's bare 400
/// with an empty body, which tells a curl user nothing.
/// </summary>
public static class BadRequestAnswers
{
    /// <summary>Binding failures become exceptions, so one place can answer them all.</summary>
    public static IServiceCollection AddBadRequestAnswers(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    /// <summary>After the site's middleware: static files never pass through it, endpoints do.</summary>
    public static WebApplication UseBadRequestAnswers(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BadRequestAnswers).FullName!);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                log.LogDebug("{Method} {Path}: {Status} {Reason}", context.Request.Method, context.Request.Path, bad.StatusCode, bad.Message);
                await Answer(context, bad.StatusCode, bad.Message);
                return;
            }
            // These two are set without an exception (a body of another type; a path that has no such method).
            var status = context.Response.StatusCode;
            if (context.Response.HasStarted || !context.Request.Path.StartsWithSegments("/api"))
                return;
            if (status == StatusCodes.Status415UnsupportedMediaType)
                await Answer(context, status, "expected a JSON body (Content-Type: application/json)");
            else if (status == StatusCodes.Status405MethodNotAllowed)
                await Answer(context, status, $"{context.Request.Method} is not allowed on {context.Request.Path}");
        });
        return app;
    }

    private static Task Answer(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = reason });
    }
}
