using ActorChat.Bank;
using ActorChat.Hosting;
using Akka.Actor;
using Xunit;

namespace ActorChat.Tests.Hosting;

public sealed class BankHostingSpec
{
    [Fact]
    public async Task A_node_keeps_the_bank_journal_in_a_sqlite_file_in_its_data_folder_across_restarts()
    {
        var data = Directory.CreateTempSubdirectory("bank-node-").FullName;
        var options = new NodeOptions
        {
            ExtraHocon = TestNodes.Loopback + $"\nactorchat.node.data = {NodeConfig.Quote(data)}",
        };
        var timeout = TimeSpan.FromSeconds(20);
        try
        {
            await using (var node = await ActorChatNode.StartAsync(options))
            {
                var bank = await node.Registry.GetAsync<BankRegistryKey>();
                await bank.Ask<AccountBalance>(new OpenAccount("Tom", 10_000), timeout);
                await bank.Ask<AccountBalance>(new OpenAccount("Jack", 6_000), timeout);
                var done = await bank.Ask<TransferCompleted>(new StartTransfer("t1", "Tom", "Jack", 5_000), timeout);
                Assert.Equal(TransferOutcome.Applied, done.Outcome);
            }
            Assert.True(File.Exists(Path.Combine(data, "bank.db")));

            await using (var node = await ActorChatNode.StartAsync(options))
            {
                var bank = await node.Registry.GetAsync<BankRegistryKey>();
                Assert.Equal(5_000, (await bank.Ask<AccountBalance>(new GetBalance("Tom"), timeout)).Balance);
                Assert.Equal(11_000, (await bank.Ask<AccountBalance>(new GetBalance("Jack"), timeout)).Balance);
                // The same transfer asked again after the restart is recognised, not applied twice.
                var again = await bank.Ask<TransferCompleted>(new StartTransfer("t1", "Tom", "Jack", 5_000), timeout);
                Assert.Equal(TransferOutcome.Applied, again.Outcome);
                Assert.Equal(5_000, (await bank.Ask<AccountBalance>(new GetBalance("Tom"), timeout)).Balance);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_bank_store_is_one_clear_line()
    {
        var config = NodeConfig.Load(new NodeOptions { Sets = ["actorchat.bank.store=oracle"] });
        var error = Assert.Throws<ConfigError>(() => BankSettings.Read(config));
        Assert.Equal("actorchat.bank.store: expected sqlite, postgresql, sql or memory, got 'oracle'", error.Message);
    }
}
