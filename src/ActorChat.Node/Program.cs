using System.CommandLine;
using ActorChat.Node;

var root = NodeCommandLine.Build();
return await root.Parse(args).InvokeAsync(new InvocationConfiguration
{
    // The generic host owns Ctrl-C: it runs CoordinatedShutdown, which tells members and releases sockets.
    ProcessTerminationTimeout = null,
});
