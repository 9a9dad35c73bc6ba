using System.CommandLine;

var root = new RootCommand("ActorChat console client.");
root.Subcommands.Add(ActorChat.Client.FilesCommand.Build());
return await root.Parse(args).InvokeAsync();
