using System.CommandLine;
using System.Net.Sockets;
using ActorChat.Files;
using Spectre.Console;

namespace ActorChat.Client;

/// <summary>`files --host H --port P ls | get NAME [--to PATH] | put PATH`: our client for the file library, in framed mode.</summary>
internal static class FilesCommand
{
    public static Command Build()
    {
        var host = new Option<string>("--host") { Description = "file server address", DefaultValueFactory = _ => "127.0.0.1", Recursive = true };
        var port = new Option<int>("--port") { Description = "file server TCP port", DefaultValueFactory = _ => 8080, Recursive = true };

        var ls = new Command("ls", "list the library with sizes");
        ls.SetAction((parse, ct) => Run(parse.GetValue(host)!, parse.GetValue(port), async client =>
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
        var get = new Command("get", "download a file; a cut download continues from PATH.part when run again") { name, to };
        get.SetAction((parse, ct) => Run(parse.GetValue(host)!, parse.GetValue(port), async client =>
        {
            var file = parse.GetValue(name)!;
            var target = parse.GetValue(to) ?? file;
            if (Directory.Exists(target))
                target = Path.Combine(target, file);
            var part = target + ".part";
            TransferResult result;
            await using (var stream = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite))
            {
                var offset = stream.Length;
                if (offset > 0)
                    AnsiConsole.MarkupLine($"[grey]resuming from byte {offset:N0} of {Markup.Escape(part)}[/]");
                stream.Position = offset;
                result = await WithProgress($"get {file}", offset, (progress, sizeKnown) =>
                    client.GetAsync(file, stream, offset, progress, sizeKnown, ct));
            }
            if (!result.Verified)
            {
                // Start afresh next time: the bytes held do not make the server's file.
                File.Delete(part);
                return Mismatch(result);
            }
            File.Move(part, target, overwrite: true);
            AnsiConsole.MarkupLine($"{Markup.Escape(target)}: {result.Size:N0} bytes");
            AnsiConsole.MarkupLine($"sha256 {result.LocalSha256} [green]ok[/]");
            return 0;
        }, ct));

        var path = new Argument<string>("PATH") { Description = "file to upload; it keeps its name" };
        var put = new Command("put", "upload a file; a cut upload continues where it stopped when run again") { path };
        put.SetAction((parse, ct) => Run(parse.GetValue(host)!, parse.GetValue(port), async client =>
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
            AnsiConsole.MarkupLine($"sha256 {result.LocalSha256} [green]ok[/]");
            return 0;
        }, ct));

        return new Command("files", "the file library (framed mode: sizes and SHA-256, resumable)") { host, port, ls, get, put };
    }

    private static int Mismatch(TransferResult result)
    {
        AnsiConsole.MarkupLine($"[red]checksum mismatch[/]: here {result.LocalSha256}, server {result.ServerSha256}");
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

    private static async Task<int> Run(string host, int port, Func<FramedFileClient, Task<int>> action, CancellationToken ct)
    {
        try
        {
            await using var client = await FramedFileClient.ConnectAsync(host, port, ct);
            return await action(client);
        }
        catch (FilesRefusedException e)
        {
            AnsiConsole.MarkupLine($"[red]refused:[/] {Markup.Escape(e.Message)}");
            return 1;
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
