using ActorChat.Hosting;
using ActorChat.Web;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorChat.Tests.Web;

/// <summary>The status actor as features feed it: sections arrive on the EventStream, snapshots go to subscribers.</summary>
public sealed class StatusActorSpec() : TestKit(ConfigurationFactory.ParseString("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    """))
{
    [Fact]
    public void A_section_published_while_the_status_actor_is_still_starting_is_shown()
    {
        // Publishers send a section only when it changes: one published before the actor's PreStart ran
        // must not be lost. Several starts, because the race is between two threads.
        for (var i = 0; i < 20; i++)
        {
            var status = WebHosting.StartStatus(Sys, TimeSpan.FromMinutes(1), $"status-{i}");
            Sys.EventStream.Publish(new StatusSection($"library-{i}", i));

            status.Tell(new SubscribeStatus(TestActor));
            var snapshot = ExpectMsg<StatusSnapshot>();
            Assert.Equal(i, snapshot.Sections[$"library-{i}"]);
            Sys.Stop(status);
        }
    }
}
