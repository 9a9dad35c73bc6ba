using System.CommandLine;
using ActorChat.Client;
using ActorChat.Client.Chat;

var root = new RootCommand("ActorChat console client.")
{
    ChatCommand.Build(),
    FilesCommand.Build(),
};
return await root.Parse(args).InvokeAsync();
