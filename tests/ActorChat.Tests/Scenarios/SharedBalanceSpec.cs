using ActorChat.Scenarios;
using Xunit;

namespace ActorChat.Tests.Scenarios;

public sealed class SharedBalanceSpec
{
    [Theory]
    [InlineData(30)]
    [InlineData(200_000)]
    public async Task Value_py_deposits_and_withdrawals_through_one_actor_are_exact(int iterations)
    {
        var report = await SharedBalance.RunAsync(iterations, seed: iterations);
        var (man, girl) = SharedBalance.Amounts(iterations, iterations);
        Assert.Equal(SharedBalance.Opening + man.Sum() - girl.Sum(), report.Expected);
        Assert.Equal(report.Expected, report.WithActor);
    }
}
