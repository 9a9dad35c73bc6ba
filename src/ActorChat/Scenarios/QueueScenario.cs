using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorChat.Scenarios;

public sealed record QueueResult(IReadOnlyList<int> Sums, int MaxWaiting, int ProducerWaits);

/// <summary>
/// queue_0.py: a producer puts ten (x, y) pairs into Queue(5), a consumer prints x + y every 2 s.
/// Here the queue is an Akka.Streams source queue of 5 with back-pressure: when 5 are waiting, the
/// producer's offer does not complete until the consumer has taken one.
/// </summary>
public static class QueueScenario
{
    public static async Task<QueueResult> RunAsync(ActorSystem system, int items, int capacity, TimeSpan handle, int seed = 1)
    {
        var materializer = system.Materializer();
        var random = new Random(seed);
        var offered = 0;
        var taken = 0;
        var maxWaiting = 0;
        var waits = 0;

        var (queue, done) = Source.Queue<(int X, int Y)>(capacity, OverflowStrategy.Backpressure)
            // Counted as it leaves the queue, so offered - taken is exactly what waits in the queue.
            .Select(pair =>
            {
                Interlocked.Increment(ref taken);
                return pair;
            })
            .SelectAsync(1, async pair =>
            {
                await Task.Delay(handle);
                return pair.X + pair.Y;
            })
            .ToMaterialized(Sink.Seq<int>(), Keep.Both)
            // Stages buffer 16 elements by default, which would hide the queue's limit: one at a time.
            .WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .Run(materializer);

        for (var i = 0; i < items; i++)
        {
            var pair = (random.Next(1, 101), random.Next(1, 101));
            var offer = queue.OfferAsync(pair);
            if (!offer.IsCompleted)
                waits++;
            await offer;
            var waiting = Interlocked.Increment(ref offered) - Volatile.Read(ref taken);
            maxWaiting = Math.Max(maxWaiting, waiting);
        }
        queue.Complete();
        var sums = await done;
        return new QueueResult(sums, maxWaiting, waits);
    }
}
