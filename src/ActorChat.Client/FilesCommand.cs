using System.CommandLine;
using System.Net.Sockets;
using ActorChat.Files;
using Spectre.Console;

namespace ActorChat.Client;

/// <summary>`files --host H --port P ls | get NAME [--to PATH] | put PATH [--digest xxh128|sha256]`: our client for the file library, in framed mode.</summary>
public static class FilesCommand
{
    /// <summary>
    /// Transfers are checked with XXH3-128 unless asked otherwise: TCP already checksums every segment,
    /// and what is left to guard (a cut, a truncation, a disk or memory fault at either end) any good
    /// 128-bit digest catches, at ~1/15 of SHA-256's CPU, which had capped transfers at one core's SHA-256
    /// rate. `--digest sha256` gives a value to compare with `sha256sum`.
    /// </summary>
    private static Option<string> DigestOption()
    {
        var option = new Option<string>("--digest")
        {
            Description = "what checks the transfer end to end: xxh128 (fast) or sha256 (compare with sha256sum)",
            DefaultValueFactory = _ => FileDigest.XxHash128.Name,
        };
        option.AcceptOnlyFromAmong([.. FileDigest.All.Select(d => d.Name)]);
        return option;
    }

    public static Command Build()
    {
        var host = new Option<string>("--host") { Description = "file server address", DefaultValueFactory = _ => "127.0.0.1", Recursive = true };
        var port = new Option<int>("--port") { Description = "file server TCP port", DefaultValueFactory = _ => 8080, Recursive = true };

        var ls = new Command("ls", "list the library with sizes");
        // A listing checks nothing: the original switch, which any ActorChat file server answers.
        ls.SetAction((parse, ct) => Run(parse.GetValue(host)!, parse.GetValue(port), digest: null, async client =>
        {
            var entries = await client.ListAsync(ct);
            if (entries.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]the library is empty[/]");
                return 0;
            }
            var table = new Table().AddColumn("name").AddColumn(new TableColumn("bytes").RightAligned());
            foreach (var e in entries)
                table.AddRow(Markup.Escape(e.Name), e.Size.ToString("N0"));
            AnsiConsole.Write(table);
            return 0;
        }, ct));

        var name = new Argument<string>("NAME") { Description = "file to download" };
        var to = new Option<string?>("--to") { Description = "where to write it (default: NAME in the current folder)" };
        var getDigest = DigestOption();
        var get = new Command("get", "download a file; a cut download continues from PATH.part when run again") { name, to, getDigest };
        get.SetAction((parse, ct) => Run(parse.GetValue(host)!, parse.GetValue(port), FileDigest.Parse(parse.GetValue(getDigest)!)!, async client =>
        {
            var file = parse.GetValue(name)!;
            // The server refuses such a name too; refusing it here first keeps it from naming a local path
            // (`get ../x` would have written ../x.part beside the current folder).
            if (FileNames.Problem(file) is { } problem)
                throw new FilesRefusedException($"{file}: {problem}");
            var target = parse.GetValue(to) ?? file;
            if (Directory.Exists(target))
                target = Path.Combine(target, file);
            var part = target + ".part";
            var fresh = !File.Exists(part);
            TransferResult result;
            try
            {
                await using var stream = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite);
                var offset = stream.Length;
                if (offset > 0)
                    AnsiConsole.MarkupLine($"[grey]resuming from byte {offset:N0} of {Markup.Escape(part)}[/]");
                stream.Position = offset;
                result = await WithProgress($"get {file}", offset, (progress, sizeKnown) =>
                    client.GetAsync(file, stream, offset, progress, sizeKnown, ct));
            }
            catch (FilesRefusedException) when (fresh)
            {
                // Refused (no such file): leave no empty .part behind. A resumed one keeps its bytes.
                File.Delete(part);
                throw;
            }
            if (!result.Verified)
            {
                // Start afresh next time: the bytes held do not make the server's file.
                File.Delete(part);
                return Mismatch(result);
            }
            File.Move(part, target, overwrite: true);
            AnsiConsole.MarkupLine($"{Markup.Escape(target)}: {result.Size:N0} bytes");
            AnsiConsole.MarkupLine($"{result.Digest.Name} {result.LocalDigest} [green]ok[/]");
            return 0;
        }, ct));

        var path = new Argument<string>("PATH") { Description = "file to upload; it keeps its name" };
        var putDigest = DigestOption();
        var put = new Command("put", "upload a file; a cut upload continues where it stopped when run again") { path, putDigest };
        put.SetAction((parse, ct) => Run(parse.GetValue(host)!, parse.GetValue(port), FileDigest.Parse(parse.GetValue(putDigest)!)!, async client =>
        {
            var source = parse.GetValue(path)!;
            if (!File.Exists(source))
            {
                AnsiConsole.MarkupLine($"[red]no such file: {Markup.Escape(source)}[/]");
                return 1;
            }
            await using var stream = File.OpenRead(source);
            var size = stream.Length;
            var result = await WithProgress($"put {Path.GetFileName(source)}", 0, (progress, sizeKnown) =>
            {
                sizeKnown(size);
                return client.PutAsync(Path.GetFileName(source), stream, progress, ct);
            });
            if (!result.Verified)
                return Mismatch(result);
            if (result.BytesMoved < result.Size)
                AnsiConsole.MarkupLine($"[grey]resumed: the server already held {result.Size - result.BytesMoved:N0} bytes[/]");
            AnsiConsole.MarkupLine($"stored {Markup.Escape(Path.GetFileName(source))}: {result.Size:N0} bytes");
            AnsiConsole.MarkupLine($"{result.Digest.Name} {result.LocalDigest} [green]ok[/]");
            return 0;
        }, ct));

        return new Command("files", "the file library (framed mode: sizes and an end-to-end digest, resumable)") { host, port, ls, get, put };
    }

    private static int Mismatch(TransferResult result)
    {
        AnsiConsole.MarkupLine($"[red]{result.Digest.Name} mismatch[/]: here {result.LocalDigest}, server {result.ServerDigest}");
        return 1;
    }

    private static async Task<TransferResult> WithProgress(string label, long start,
        Func<IProgress<long>, Action<long>, Task<TransferResult>> transfer)
    {
        TransferResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: 1);
                task.IsIndeterminate = true;
                result = await transfer(
                    new Reporter(task),
                    size =>
                    {
                        task.MaxValue = Math.Max(size, 1);
                        task.Value = start;
                        task.IsIndeterminate = false;
                    });
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static async Task<int> Run(string host, int port, FileDigest? digest, Func<FramedFileClient, Task<int>> action, CancellationToken ct)
    {
        try
        {
            await using var client = await FramedFileClient.ConnectAsync(host, port, digest, ct);
            return await action(client);
        }
        catch (FilesRefusedException e)
        {
            AnsiConsole.MarkupLine($"[red]refused:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape($"{host}:{port}")}: no answer for {FramedFileClient.SilenceLimit.TotalSeconds:F0} s[/]");
            return 2;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape($"{host}:{port}")}: {Markup.Escape(e.Message)}[/]");
            return 2;
        }
    }

    /// <summary>Sets the bar directly: <see cref="Progress{T}"/> would queue a callback per chunk.</summary>
    private sealed class Reporter(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
