using System.Net;

namespace ActorChat.Hosting;

/// <summary>Asked of every edge actor once the node has started: where did you bind?</summary>
public sealed record GetBinding
{
    public static readonly GetBinding Instance = new();
}

/// <summary>An edge's answer to <see cref="GetBinding"/>.</summary>
public interface IBindingResult;

/// <summary>The edge is serving on <paramref name="LocalAddress"/>.</summary>
public sealed record ServiceBound(string Service, string Transport, IPEndPoint LocalAddress) : IBindingResult
{
    public override string ToString() => $"{Service,-6} {Transport,-4} {LocalAddress}";
}

/// <summary>The edge could not bind; <paramref name="Reason"/> is one line for the user.</summary>
public sealed record ServiceBindFailed(string Service, string Reason) : IBindingResult;

/// <summary>
/// One service whose edge the node waits for before it prints `ready`. <paramref name="RegistryKey"/>
/// is the type the edge actor is registered under in Akka.Hosting's ActorRegistry.
/// </summary>
public sealed record EdgeRegistration(string Service, Type RegistryKey);
