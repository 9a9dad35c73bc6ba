using Akka.Actor;

namespace ActorChat.Bank;

/// <summary>
/// The strategy of each entity's backoff supervisor: any exception stops the entity, and the
/// supervisor starts it again after its backoff (then it recovers from the journal). Crashes injected
/// on purpose (<see cref="SimulatedCrash"/>) are not logged: a run with thousands would drown real errors.
/// </summary>
public sealed class EntityStoppingStrategy() : OneForOneStrategy(_ => Directive.Stop)
{
    public static readonly EntityStoppingStrategy Instance = new();

    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        if (cause is not SimulatedCrash)
            base.LogFailure(context, child, cause, directive);
    }
}
