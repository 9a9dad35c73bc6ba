using System.Security.Cryptography;
using Akka.Actor;

namespace ActorChat.Scenarios;

public sealed record SplitCopyResult(string Copy, long Bytes, string SourceSha256, string CopySha256)
{
    public bool Matches => SourceSha256 == CopySha256;
}

/// <summary>
/// The seed's "copy a picture's top and bottom halves in two processes" (top.jpg + bot.jpg). Two actors
/// each copy one half into its place in one destination file, in parallel, each with its own file
/// handles (the seed's note: processes sharing one handle disturb each other's position); the copy is
/// then checked against the source by SHA-256.
/// </summary>
public static class SplitCopy
{
    private sealed record Copied(long Bytes);

    private sealed class HalfCopier : ReceiveActor
    {
        public HalfCopier(string source, string destination, long offset, long length, IActorRef report)
        {
            ReceiveAsync<string>(async _ =>
            {
                var copied = await CopyAsync(source, destination, offset, length);
                // Only now: the half is flushed and its handle closed, so whoever checks the copy reads every byte.
                report.Tell(new Copied(copied));
                Context.Stop(Self);
            });
        }

        private static async Task<long> CopyAsync(string source, string destination, long offset, long length)
        {
            await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var output = new FileStream(destination, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16, useAsync: true);
            input.Position = offset;
            output.Position = offset;
            var buffer = new byte[1 << 16];
            var left = length;
            while (left > 0)
            {
                var n = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)));
                if (n == 0)
                    break;
                await output.WriteAsync(buffer.AsMemory(0, n));
                left -= n;
            }
            return length - left;
        }
    }

    private sealed class Joiner : ReceiveActor
    {
        public Joiner(TaskCompletionSource<long> done)
        {
            var halves = 0;
            long bytes = 0;
            Receive<Copied>(c =>
            {
                bytes += c.Bytes;
                if (++halves == 2)
                    done.TrySetResult(bytes);
            });
        }
    }

    public static async Task<SplitCopyResult> RunAsync(ActorSystem system, string source, string destination)
    {
        var size = new FileInfo(source).Length;
        // The destination exists at full size first, so each half can be written at its own offset.
        await using (var create = new FileStream(destination, FileMode.Create, FileAccess.Write))
            create.SetLength(size);

        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var joiner = system.ActorOf(Props.Create(() => new Joiner(done)));
        var half = size / 2;
        var top = system.ActorOf(Props.Create(() => new HalfCopier(source, destination, 0, half, joiner)));
        var bottom = system.ActorOf(Props.Create(() => new HalfCopier(source, destination, half, size - half, joiner)));
        bottom.Tell("go"); // the seed starts the bottom half first, too
        top.Tell("go");
        var bytes = await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        system.Stop(joiner);
        return new SplitCopyResult(destination, bytes, Sha256(source), Sha256(destination));
    }

    private static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
