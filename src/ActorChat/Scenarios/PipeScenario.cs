using Akka.Actor;

namespace ActorChat.Scenarios;

public sealed record PipeResult(IReadOnlyList<string> Lines, (string User, string Password)? Credentials);

/// <summary>
/// pipe.py: app1 asks app2 "may I log in with your account?" and app2 answers ('Joy', '123'). The pipe
/// becomes an Ask (request-response to an actor) with a timeout, so a silent app2 cannot hang app1.
/// </summary>
public static class PipeScenario
{
    public sealed record LoginRequest(string Text);
    public sealed record Credentials(string User, string Password);

    private sealed class App2 : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public App2(TimeSpan thinking)
        {
            Receive<LoginRequest>(_ => Timers.StartSingleTimer(Sender, new Reply(Sender), thinking));
            Receive<Reply>(r => r.To.Tell(new Credentials("Joy", "123")));
        }

        private sealed record Reply(IActorRef To);
    }

    public static async Task<PipeResult> RunAsync(ActorSystem system, TimeSpan app2Thinking, TimeSpan timeout)
    {
        var lines = new List<string> { "启动app1, 请登录 (app1 started, please log in)", "请求app2授权 (asking app2)" };
        var app2 = system.ActorOf(Props.Create(() => new App2(app2Thinking)));
        (string, string)? credentials = null;
        try
        {
            var reply = await app2.Ask<Credentials>(new LoginRequest("app1 可以用你的账号登录吗?"), timeout);
            credentials = (reply.User, reply.Password);
            lines.Add($"登录成功: ('{reply.User}', '{reply.Password}') (logged in)");
        }
        catch (AskTimeoutException)
        {
            lines.Add($"app2 did not answer within {timeout.TotalMilliseconds:F0} ms: login refused, app1 goes on");
        }
        system.Stop(app2);
        return new PipeResult(lines, credentials);
    }
}
