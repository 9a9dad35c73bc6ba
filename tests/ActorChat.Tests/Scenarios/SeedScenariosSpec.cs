using ActorChat.Scenarios;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Scenarios;

/// <summary>Issue 6: each of the seed's small programs, reworked with actors, gives the seed's result.</summary>
public sealed class SeedScenariosSpec : TestKit
{
    [Fact]
    public async Task Prime_sum_below_100000_is_454396537_with_any_number_of_workers()
    {
        // The seed's range(1, 100001) with 1 and 4 workers (the known value).
        foreach (var workers in new[] { 1, 4 })
        {
            var r = await Primes.RunAsync(Sys, 100_000, workers);
            Assert.Equal(Primes.SumBelow100000, r.Sum);
            Assert.Equal(9_592, r.Count);
        }
    }

    [Fact]
    public void The_seeds_isPrime_is_trial_division()
    {
        Assert.Equal([2, 3, 5, 7, 11, 13], Enumerable.Range(-1, 15).Where(Primes.IsPrime));
    }

    [Fact]
    public async Task Pool_of_4_drains_10_jobs_never_more_than_4_at_once()
    {
        var r = await PoolScenario.RunAsync(Sys, 10, 4, TimeSpan.FromMilliseconds(100));
        Assert.Equal(10, r.Lines.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"Tedu {i}").Order(), r.Lines.Select(l => l[(l.IndexOf("-- ") + 3)..]).Order());
        Assert.InRange(r.Peak, 1, 4);
    }

    [Fact]
    public async Task Semaphore_of_3_never_lets_more_than_3_tasks_run()
    {
        var r = await SemaphoreScenario.RunAsync(Sys, 10, 3, TimeSpan.FromMilliseconds(100));
        Assert.Equal(10, r.Lines.Count(l => l.Contains("拯救了宇宙")));
        Assert.Equal(3, r.Peak); // ten tasks arriving together fill all three permits
    }

    [Fact]
    public async Task Queue_of_5_makes_the_producer_wait_and_loses_nothing()
    {
        var r = await QueueScenario.RunAsync(Sys, 10, 5, TimeSpan.FromMilliseconds(200), seed: 3);
        var random = new Random(3);
        var expected = Enumerable.Range(0, 10).Select(_ => random.Next(1, 101) + random.Next(1, 101)).ToList();
        Assert.Equal(expected, r.Sums);
        // Counted from outside the stream on two threads (the producer's offer completing, the consumer's
        // take), so one element may be seen on both sides of the count at once: at most capacity + 1.
        Assert.InRange(r.MaxWaiting, 1, 6);
        Assert.True(r.ProducerWaits > 0, "with a slow consumer the producer must have waited for room");
    }

    [Fact]
    public async Task Pipe_app1_logs_in_with_Joy_123_and_gives_up_when_app2_is_silent()
    {
        var ok = await PipeScenario.RunAsync(Sys, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(("Joy", "123"), ok.Credentials);
        var late = await PipeScenario.RunAsync(Sys, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.Null(late.Credentials);
    }

    [Fact]
    public async Task Event_the_password_in_time_is_answered_and_a_late_one_gets_him_killed()
    {
        var inTime = await EventScenario.RunAsync(Sys, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.True(inTime.RecognisedInTime);
        Assert.Contains("宝塔镇河妖", inTime.Lines);
        var late = await EventScenario.RunAsync(Sys, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.False(late.RecognisedInTime);
        Assert.Contains("打死他!! (too late: get him!)", late.Lines);
    }

    [Fact]
    public async Task Split_copy_of_an_odd_sized_file_matches_by_checksum()
    {
        var dir = Directory.CreateTempSubdirectory("split-copy-").FullName;
        try
        {
            var source = Path.Combine(dir, "timg.jpg");
            var bytes = new byte[1_000_001];
            new Random(5).NextBytes(bytes);
            await File.WriteAllBytesAsync(source, bytes);
            var r = await SplitCopy.RunAsync(Sys, source, Path.Combine(dir, "copy.jpg"));
            Assert.True(r.Matches);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(r.Copy));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Supervision_restart_resets_state_stop_is_seen_by_deathwatch_and_children_stop_before_parents()
    {
        var lines = await SupervisionScenario.RunAsync(Sys);
        Assert.True(SupervisionScenario.Check(lines), string.Join("\n", lines));
    }
}
