using System.Diagnostics;
using Aspire.Hosting;
using MailKit.Net.Smtp;
using MimeKit;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Notify.Tests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Notify.Tests.Hosting;

/// <summary>The AppHost's server resources (nats, redis, postgres with notifydb, smtp) as the services and tests use them.</summary>
public sealed class ServerResourceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Each_server_works_with_its_real_client_through_the_connection_string_the_AppHost_gives()
    {
        SharedServers servers = await SharedInfrastructure.GetAsync();
        string stream = TestNames.Unique("resources");

        await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats });
        var jetStream = new NatsJSContext(nats);
        await jetStream.CreateStreamAsync(new StreamConfig(stream, [$"{stream}.>"]));
        (await jetStream.PublishAsync($"{stream}.one", "hello")).EnsureSuccess();

        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(servers.Redis);
        await redis.GetDatabase().StringSetAsync(stream, "kept");

        await using var postgres = new NpgsqlConnection(servers.NotifyDb);
        await postgres.OpenAsync();
        await using var database = new NpgsqlCommand("SELECT current_database()", postgres);

        using var smtp = new SmtpClient();
        var smtpUri = new Uri(servers.Smtp);
        await smtp.ConnectAsync(smtpUri.Host, smtpUri.Port, MailKit.Security.SecureSocketOptions.None);
        await smtp.SendAsync(new MimeMessage([MailboxAddress.Parse("notify@example.com")], [MailboxAddress.Parse("ana@example.com")], stream,
            new TextPart("plain") { Text = "on its way" }));
        await smtp.DisconnectAsync(quit: true);

        Assert.Equal(1L, (await jetStream.GetStreamAsync(stream)).Info.State.Messages);
        Assert.Equal("kept", await redis.GetDatabase().StringGetAsync(stream));
        Assert.Equal("notifydb", await database.ExecuteScalarAsync());
        await Eventually.UntilAsync(() => servers.Mailbox.ReadMessages().Any(mail => mail.Subject == stream), Deadline, "the message is in the Maildir");
    }

    [Fact]
    public async Task A_state_directory_keeps_JetStream_streams_and_the_Postgres_cluster_with_its_password_across_starts()
    {
        DirectoryInfo state = Directory.CreateTempSubdirectory("notify-servers-state-");
        try
        {
            SharedServers first = await RunServersAsync(state, async servers =>
            {
                await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats });
                var jetStream = new NatsJSContext(nats);
                await jetStream.CreateStreamAsync(new StreamConfig("kept", ["kept.>"]));
                (await jetStream.PublishAsync("kept.one", "hello")).EnsureSuccess();
                await using NpgsqlDataSource postgres = NpgsqlDataSource.Create(servers.Postgres);
                await using var create = postgres.CreateCommand("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('hello')");
                await create.ExecuteNonQueryAsync();
            });

            (long messages, object? row) = (0, null);
            SharedServers second = await RunServersAsync(state, async servers =>
            {
                await using var nats = new NatsConnection(NatsOpts.Default with { Url = servers.Nats });
                messages = (await new NatsJSContext(nats).GetStreamAsync("kept")).Info.State.Messages;
                await using NpgsqlDataSource postgres = NpgsqlDataSource.Create(servers.Postgres);
                await using var select = postgres.CreateCommand("SELECT value FROM kept");
                row = await select.ExecuteScalarAsync();
            });

            Assert.Equal(1L, messages);
            Assert.Equal("hello", row);
            Assert.Equal(new NpgsqlConnectionStringBuilder(first.Postgres).Password, new NpgsqlConnectionStringBuilder(second.Postgres).Password);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_server_program_stops_the_AppHost_with_one_line_naming_the_package()
    {
        // Only nats-server's directory on PATH: PostgreSQL is found where Debian keeps it, redis-server is not found.
        string nats = ((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .First(directory => File.Exists(Path.Combine(directory, "nats-server")));
        DirectoryInfo state = Directory.CreateTempSubdirectory("notify-missing-program-");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PATH"] = nats },
        };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Notify.AppHost.dll"),
            "--Notify:ServersOnly=true", "--Notify:Ports:Free=true", $"--Notify:StateDirectory={state.FullName}"])
            start.ArgumentList.Add(argument);
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            string errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

            Assert.Equal(1, process.ExitCode);
            Assert.Equal(
                "error: redis-server is not installed: ./dev.sh up installs it, or: sudo apt-get install redis-server",
                errors.TrimEnd('\n'));
            Assert.DoesNotContain("Exception", await output, StringComparison.Ordinal);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    /// <summary>Starts the servers-only AppHost on <paramref name="state"/>, runs <paramref name="use"/> against it, and stops it.</summary>
    private static async Task<SharedServers> RunServersAsync(DirectoryInfo state, Func<SharedServers, Task> use)
    {
        await using DistributedApplication app = await SharedInfrastructure.BuildServersOnlyAsync(state.FullName);
        await SharedInfrastructure.StartHealthyAsync(app);
        SharedServers servers = await SharedInfrastructure.ConnectionsOfAsync(app);
        await use(servers);
        await app.StopAsync();
        return servers;
    }
}
