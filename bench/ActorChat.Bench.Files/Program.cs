// Load generator for the file library: 256 MB downloads and uploads over loopback, 1 and 8
// clients, framed mode (our client) and legacy mode (the seed's Python client loops), beside a
// raw loopback socket copy measured in the same run. The node runs as its own process so its
// memory can be read from /proc. See bench/README.md ("File library").
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorChat.Files;

var argsList = args.ToList();
var node = Option("--node", "src/ActorChat.Node/bin/Release/net10.0/actorchat-node.dll");
var sizeMb = int.Parse(Option("--size-mb", "256"), CultureInfo.InvariantCulture);
var runs = int.Parse(Option("--runs", "3"), CultureInfo.InvariantCulture);
var only = Option("--only", "");
// --library-dir DIR (e.g. /dev/shm): a second node whose library is a fresh folder under DIR, with rows
// for uploads into it and a raw socket copy writing into it, beside the disk rows (same run).
var libraryDir = Option("--library-dir", "");
var size = (long)sizeMb << 20;

var work = Directory.CreateTempSubdirectory("actorchat-bench-files").FullName;
NodeProcess? started = null;
string? altWork = null, altRoot = null;
NodeProcess? alt = null;
AppDomain.CurrentDomain.UnhandledException += (_, _) =>
{
    // A failed scenario must not leave the nodes running or two copies of the file in /tmp.
    started?.Dispose();
    alt?.Dispose();
    try
    {
        Directory.Delete(work, recursive: true);
        if (altWork is not null)
            Directory.Delete(altWork, recursive: true);
    }
    catch (IOException)
    {
    }
};
var root = Path.Combine(work, "library");
Directory.CreateDirectory(root);
var source = Path.Combine(work, "source.bin");
WriteRandomFile(source, size);
File.Copy(source, Path.Combine(root, "big.bin"));

var nodeSets = argsList.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < argsList.Count).Select(x => argsList[x.i + 1]).ToList();
// --node-env NAME=VALUE: an environment variable for the node only (e.g. a DOTNET_GC* setting under test).
var nodeEnv = argsList.Select((a, i) => (a, i)).Where(x => x.a == "--node-env" && x.i + 1 < argsList.Count).Select(x => argsList[x.i + 1]).ToList();
using var server = NodeProcess.Start(node, root, Path.Combine(work, "data"), nodeSets, nodeEnv);
started = server;
if (libraryDir.Length > 0)
{
    altWork = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(libraryDir), $"actorchat-bench-files-{Guid.NewGuid():N}")).FullName;
    altRoot = Path.Combine(altWork, "library");
    Directory.CreateDirectory(altRoot);
    alt = NodeProcess.Start(node, altRoot, Path.Combine(altWork, "data"), nodeSets, nodeEnv);
    Console.WriteLine($"second node pid {alt.Pid}, files port {alt.Port}, library {altRoot}");
}
Console.WriteLine($"node pid {server.Pid}, files port {server.Port}, file {sizeMb} MB, {runs} runs each (median shown), machine shared");
if (!argsList.Contains("--no-warmup"))
{
    // A node serves for hours: one untimed transfer each way first, so the figures are the steady
    // state and not the JIT compiling the node's (and this client's) code paths on the first GiB.
    var warm = Stopwatch.StartNew();
    var nodeCpu = server.CpuSeconds();
    // With each digest: the library then knows both of big.bin's digests, as it would after the
    // first download of a file (a download never re-hashes a file the library has seen whole).
    foreach (var digest in FileDigest.All)
    {
        FramedGet(server.Port, digest).GetAwaiter().GetResult();
        FramedPut(server.Port, source, 0, digest).GetAwaiter().GetResult();
        RawCopy(1, size, digest).GetAwaiter().GetResult();
        foreach (var f in Directory.GetFiles(root).Where(f => !f.EndsWith("big.bin", StringComparison.Ordinal)))
            File.Delete(f);
        if (alt is not null)
        {
            FramedPut(alt.Port, source, 0, digest).GetAwaiter().GetResult();
            CleanUploads(altRoot!);
        }
    }
    foreach (var f in Directory.GetFiles(root).Where(f => !f.EndsWith("big.bin", StringComparison.Ordinal)))
        File.Delete(f);
    Console.WriteLine($"warm-up (per digest one framed download, one framed upload, one raw copy; untimed): {warm.Elapsed.TotalSeconds:F1} s, node CPU {server.CpuSeconds() - nodeCpu:F2} s");
    // The node (every service: ~15,000 methods) keeps re-compiling hot methods at higher tiers in the
    // background for a while; wait (up to 30 s) until it idles below 5 % of a core.
    for (var i = 0; i < 30; i++)
    {
        var before = server.CpuSeconds() + (alt?.CpuSeconds() ?? 0);
        Thread.Sleep(1000);
        var idle = server.CpuSeconds() + (alt?.CpuSeconds() ?? 0) - before;
        if (idle < 0.05)
        {
            Console.WriteLine($"node settled after {i + 1} s idle ({idle:F2} CPU s in the last second)");
            break;
        }
    }
}
Console.WriteLine($"{"scenario",-38} {"MiB/s",8} {"of raw",7} {"of raw+dig",10} {"of ->file",9} {"node peak RSS MB",17} {"node CPU s/GiB",15} {"client CPU s/GiB",17}");

// "of raw+dig": against the raw copy hashed at both ends with the row's digest (SHA-256 for legacy rows).
var digestRef = new Dictionary<FileDigest, double>();
// "of ->file" (uploads): against the raw socket copy whose receiver writes into a file in the row's library folder.
var toFileRef = 0.0;
var toAltRef = 0.0;
var altName = libraryDir.Length > 0 ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(libraryDir))) : "";
var missedMarkers = 0;
foreach (var clients in new[] { 1, 8 })
{
    var raw = Measure($"raw socket copy, {clients} client(s)", clients, null, null, () => RawCopy(clients, size, null));
    // What writing the bytes into files costs here, without the node: an upload's own floor.
    Measure($"raw file write 64 KiB, {clients}", clients, raw, null, () => Parallel(clients, i => Task.Run(() => WriteFromMemory(Path.Combine(root, $"disk-{i}.bin"), size))), cleanUploads: true);
    Measure($"raw socket -> file 64 KiB reads, {clients}", clients, raw, null, () => RawCopy(clients, size, null, root, 64 << 10), cleanUploads: true);
    toFileRef = Measure($"raw socket -> file 1 MiB reads, {clients}", clients, raw, null, () => RawCopy(clients, size, null, root, 1 << 20), cleanUploads: true);
    foreach (var digest in FileDigest.All)
        digestRef[digest] = Measure($"raw copy + {digest.Name} both ends, {clients}", clients, raw, null, () => RawCopy(clients, size, digest));
    // An upload's whole work with no actors and no protocol: the sender reads the file and hashes it, the
    // receiver hashes and writes into a file, each in series with its socket (plain .NET, one process).
    Measure($"raw upload: file+xxh128 -> socket -> xxh128+file, {clients}", clients, raw, null,
        () => RawCopy(clients, size, FileDigest.XxHash128, root, 1 << 20, fromFile: source), cleanUploads: true);
    foreach (var digest in FileDigest.All)
    {
        Measure($"framed download {digest.Name}, {clients} client(s)", clients, raw, digest, () => Parallel(clients, _ => FramedGet(server.Port, digest)));
        Measure($"framed upload {digest.Name}, {clients} client(s)", clients, raw, digest, () => Parallel(clients, i => FramedPut(server.Port, source, i, digest)), cleanUploads: true, againstFile: true);
    }
    if (alt is not null)
    {
        // The same uploads into a library on --library-dir, against a raw socket copy into that folder.
        toAltRef = Measure($"raw socket -> {altName} 1 MiB reads, {clients}", clients, raw, null, () => RawCopy(clients, size, null, altRoot, 1 << 20), cleanUploads: true, cleanRoot: altRoot);
        foreach (var digest in FileDigest.All)
            Measure($"framed upload {digest.Name} {altName}, {clients}", clients, raw, digest, () => Parallel(clients, i => FramedPut(alt.Port, source, i, digest)), cleanUploads: true, againstFile: true, cleanRoot: altRoot, on: alt, fileRef: toAltRef);
    }
    Measure($"legacy download 1 KiB reads, {clients}", clients, raw, FileDigest.Sha256, () => Parallel(clients, _ => Seed(server.Port, "get", "big.bin", size.ToString(CultureInfo.InvariantCulture))));
    Measure($"legacy upload 1 KiB sends, {clients}", clients, raw, FileDigest.Sha256, () => Parallel(clients, i => Seed(server.Port, "put", source, $"seed-up-{i}.bin", root)), cleanUploads: true, againstFile: true);
}
Console.WriteLine($"node VmHWM over the whole run: {server.HighWaterMb():F0} MB");
if (alt is not null)
    Console.WriteLine($"second node ({altName}) VmHWM over the whole run: {alt.HighWaterMb():F0} MB");
// The node first: it may still be writing its journal under the work folder.
server.Dispose();
alt?.Dispose();
Directory.Delete(work, recursive: true);
if (altWork is not null)
    Directory.Delete(altWork, recursive: true);
return 0;

double Measure(string name, int clients, double? raw, FileDigest? reference, Func<Task> scenario, bool cleanUploads = false, bool againstFile = false,
    string? cleanRoot = null, NodeProcess? on = null, double? fileRef = null)
{
    on ??= server;
    var toFile = fileRef ?? toFileRef;
    if (only.Length > 0 && !name.Contains(only, StringComparison.Ordinal) && !name.StartsWith("raw", StringComparison.Ordinal))
        return 0;
    var rates = new List<double>();
    missedMarkers = 0;
    var peaks = new List<double>();
    var cpuPerGiB = new List<double>();
    var clientCpuPerGiB = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        using var sampler = on.SampleRss();
        var cpuBefore = on.CpuSeconds();
        var clientBefore = ClientCpuSeconds();
        var watch = Stopwatch.StartNew();
        scenario().GetAwaiter().GetResult();
        watch.Stop();
        var gib = clients * (double)size / (1L << 30);
        cpuPerGiB.Add((on.CpuSeconds() - cpuBefore) / gib);
        clientCpuPerGiB.Add((ClientCpuSeconds() - clientBefore) / gib);
        peaks.Add(sampler.PeakMb);
        rates.Add(clients * (double)size / (1 << 20) / watch.Elapsed.TotalSeconds);
        if (cleanUploads)
            CleanUploads(cleanRoot ?? root);
    }
    var median = rates.Order().ElementAt(rates.Count / 2);
    var ratio = raw is > 0 ? $"{median / raw.Value:P0}" : "";
    var isRaw = name.StartsWith("raw", StringComparison.Ordinal);
    var fileRatio = againstFile && toFile > 0 ? $"{median / toFile:P0}" : "";
    var shaRatio = reference is not null && digestRef.GetValueOrDefault(reference) > 0 ? $"{median / digestRef[reference]:P0}" : "";
    var rss = isRaw ? "" : $"{peaks.Max():F0}";
    var cpu = isRaw ? "" : $"{cpuPerGiB.Order().ElementAt(cpuPerGiB.Count / 2):F2}";
    var clientCpu = $"{clientCpuPerGiB.Order().ElementAt(clientCpuPerGiB.Count / 2):F2}";
    Console.WriteLine($"{name,-38} {median,8:F0} {ratio,7} {shaRatio,10} {fileRatio,9} {rss,17} {cpu,15} {clientCpu,17}   runs: {string.Join(" ", rates.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)))}{(isRaw ? "" : $"   node CPU s/GiB: {string.Join(" ", cpuPerGiB.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}")}{(missedMarkers > 0 ? $"   ## merged with data (stock client would hang): {missedMarkers}" : "")}");
    return median;
}

// The load generator's own CPU (this process plus its Python children once they have exited):
// for the raw copies it is the whole cost of the transfer, for the others the client's share.
static double ClientCpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    // utime, stime, cutime, cstime (fields 14-17), in clock ticks of 1/100 s.
    return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
}

async Task FramedGet(int port, FileDigest digest)
{
    await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", port, digest);
    var result = await client.GetAsync("big.bin", Stream.Null);
    if (!result.Verified || result.BytesMoved != size)
        throw new InvalidOperationException("framed download did not verify");
}

async Task FramedPut(int port, string path, int i, FileDigest digest)
{
    await using var client = await FramedFileClient.ConnectAsync("127.0.0.1", port, digest);
    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
    var result = await client.PutAsync($"framed-up-{i}.bin", file);
    if (!result.Verified)
        throw new InvalidOperationException("framed upload did not verify");
}

async Task Seed(int port, params string[] verb)
{
    var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
    psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "seed_ftp_client.py"));
    psi.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
    foreach (var v in verb)
        psi.ArgumentList.Add(v);
    using var p = Process.Start(psi)!;
    var output = await p.StandardOutput.ReadToEndAsync();
    await p.WaitForExitAsync();
    if (p.ExitCode == 3)
        Interlocked.Increment(ref missedMarkers);
    else if (p.ExitCode != 0)
        throw new InvalidOperationException($"seed client failed: {output}");
    if (long.Parse(output.Trim(), CultureInfo.InvariantCulture) != size)
        throw new InvalidOperationException($"seed client moved {output.Trim()} bytes of {size}");
}

static void CleanUploads(string folder)
{
    foreach (var f in Directory.GetFiles(folder).Where(f => !f.EndsWith("big.bin", StringComparison.Ordinal)))
        File.Delete(f);
}

static Task Parallel(int n, Func<int, Task> body) => Task.WhenAll(Enumerable.Range(0, n).Select(i => Task.Run(() => body(i))));

// The ceiling for moving bytes over loopback here: a sender writing 1 MiB buffers from memory
// and a receiver discarding them, one pair per client (the issue's "raw socket copy": LIMITS.md's
// ~3 GiB/s figure is with 1 MiB buffers). With a digest, each end also hashes every byte (in series
// with its socket), which is what a transfer verified with that digest cannot avoid.
// With a folder, each receiver writes what it receives into its own file there (one write per read
// of readBytes): an upload's ceiling on this machine's disk, measured in the same run.
// With fromFile, each sender reads what it sends from that file (1 MiB reads) instead of memory.
static async Task RawCopy(int clients, long size, FileDigest? digest, string? intoFolder = null, int readBytes = 1 << 20, string? fromFile = null)
{
    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    listener.Listen(64);
    var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    var senders = Enumerable.Range(0, clients).Select(async _ =>
    {
        using var s = await listener.AcceptAsync();
        var buffer = new byte[1 << 20];
        using var hash = digest?.Start();
        await using var from = fromFile is null ? null
            : new FileStream(fromFile, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        for (long left = size; left > 0;)
        {
            var chunk = buffer.AsMemory(0, (int)Math.Min(buffer.Length, left));
            if (from is not null)
                await from.ReadExactlyAsync(chunk);
            hash?.Append(chunk.Span);
            await SendAllAsync(s, chunk);
            left -= chunk.Length;
        }
        s.Shutdown(SocketShutdown.Send);
    }).ToList();
    var receivers = Enumerable.Range(0, clients).Select(async i =>
    {
        using var c = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await c.ConnectAsync(IPAddress.Loopback, port);
        var buffer = new byte[readBytes];
        using var hash = digest?.Start();
        await using var file = intoFolder is null ? null
            : new FileStream(Path.Combine(intoFolder, $"raw-to-file-{i}.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        int n;
        while ((n = await c.ReceiveAsync(buffer)) > 0)
        {
            hash?.Append(buffer, 0, n);
            file?.Write(buffer, 0, n);
        }
    }).ToList();
    await Task.WhenAll(senders.Concat(receivers));
}

static async Task SendAllAsync(Socket s, ReadOnlyMemory<byte> data)
{
    while (data.Length > 0)
        data = data[await s.SendAsync(data)..];
}

// Writes size bytes from memory in 64 KiB writes, as the node's upload does with each read.
static void WriteFromMemory(string path, long size)
{
    var buffer = new byte[64 << 10];
    Random.Shared.NextBytes(buffer);
    using var f = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
    for (long left = size; left > 0; left -= buffer.Length)
        f.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
}

static void WriteRandomFile(string path, long size)
{
    var buffer = new byte[1 << 20];
    using var f = File.Create(path);
    for (long left = size; left > 0; left -= buffer.Length)
    {
        Random.Shared.NextBytes(buffer);
        f.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
    }
}

string Option(string name, string fallback)
{
    var i = argsList.IndexOf(name);
    return i >= 0 && i + 1 < argsList.Count ? argsList[i + 1] : fallback;
}

/// <summary>The node under test, as its own process: started on free ports, its RSS read from /proc.</summary>
sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private NodeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Pid => _process.Id;
    public int Port { get; }

    public static NodeProcess Start(string dll, string root, string data, IEnumerable<string> sets, IEnumerable<string> env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var pair in env)
            psi.Environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        // Every other service on a free port too: another node on this machine may hold the defaults.
        foreach (var a in new[] { dll, "--files-port", "0", "--chat-port", "0", "--echo-port", "0", "--web-port", "0",
                     "--files-root", root, "--data", data, "--remote-port", "0", "--no-console",
                     "--set", "actorchat.node.bind-address=\"127.0.0.1\"", "--set", "akka.loglevel=WARNING" })
            psi.ArgumentList.Add(a);
        foreach (var set in sets)
        {
            psi.ArgumentList.Add("--set");
            psi.ArgumentList.Add(set);
        }
        var process = Process.Start(psi)!;
        var port = 0;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("files", StringComparison.Ordinal))
                port = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            if (line == "ready")
                break;
        }
        if (port == 0)
            throw new InvalidOperationException("node did not start: " + process.StandardError.ReadToEnd());
        process.StandardError.ReadToEndAsync();
        return new NodeProcess(process, port);
    }

    public double HighWaterMb() => ReadStatusKb("VmHWM") / 1024.0;

    /// <summary>User plus system CPU time the node has used (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public RssSampler SampleRss() => new(this);

    internal double ReadStatusKb(string key)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    /// <summary>Polls VmRSS every 20 ms while a scenario runs; the peak is what that scenario cost.</summary>
    public sealed class RssSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private double _peakKb;

        public RssSampler(NodeProcess node)
        {
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _peakKb = Math.Max(_peakKb, node.ReadStatusKb("VmRSS"));
                    await Task.Delay(20);
                }
            });
        }

        public double PeakMb
        {
            get
            {
                _stop.Cancel();
                _loop.Wait();
                return _peakKb / 1024.0;
            }
        }

        public void Dispose() => _stop.Cancel();
    }
}
