using ActorChat.Scenarios;
using Xunit;

namespace ActorChat.Tests.Scenarios;

public sealed class DeadlockScenarioSpec
{
    [Fact]
    public void Dead_lock_py_with_two_monitors_deadlocks_and_the_cycle_is_reported()
    {
        var report = LockDeadlock.Run(TimeSpan.FromSeconds(20));
        Assert.True(report.Deadlocked);
        Assert.Equal(
            [
                new LockWait("thread Tom→Jack 5000", "Tom", "Jack"),
                new LockWait("thread Jack→Tom 200", "Jack", "Tom"),
            ],
            report.Cycle.OrderBy(w => w.Thread == "thread Jack→Tom 200").ToList());
        Assert.True(report.DetectedAfter < TimeSpan.FromSeconds(20));
        // Both withdrew before the deadlock; once the watchdog interrupts them at most one finishes.
        Assert.True(report.Tom + report.Jack < 16_000);
    }

    [Fact]
    public async Task The_same_transfers_with_actors_end_Tom_5200_Jack_10800()
    {
        var report = await ActorTransfers.RunAsync();
        Assert.Equal(5_200, report.Tom);
        Assert.Equal(10_800, report.Jack);
    }
}
