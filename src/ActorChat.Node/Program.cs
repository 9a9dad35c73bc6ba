using System.CommandLine;
using ActorChat.Node;

// Socket completions run on .NET's epoll threads instead of being queued to the thread pool first: one thread
// hop less per read and write for every edge (Akka.IO's echo, chat and files, Kestrel, remoting). Measured: echo
// ~20 % more round trips/s, web 1 KiB ~20 % less CPU per request with Kestrel's inline scheduling (bench/README.md).
// .NET reads this variable once, at the first socket, so it is set before anything else; DOTNET_..=0 turns it off.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var root = NodeCommandLine.Build();
return await root.Parse(args).InvokeAsync(new InvocationConfiguration
{
    // The generic host owns Ctrl-C: it runs CoordinatedShutdown, which tells members and releases sockets.
    ProcessTerminationTimeout = null,
});
