using System.CommandLine;

var root = new RootCommand("ActorChat console client.");
return await root.Parse(args).InvokeAsync();
