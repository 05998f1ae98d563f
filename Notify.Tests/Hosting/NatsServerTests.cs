using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

public sealed class NatsServerTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Nats_starts_on_a_free_port_with_JetStream_and_reports_healthy()
    {
        await using NatsServer nats = await NatsServer.StartNewAsync();

        Assert.NotEqual(4222, nats.Port);
        Assert.NotEqual(nats.Port, nats.MonitorPort);
        using HttpResponseMessage health = await Http.GetAsync(new Uri(nats.MonitorUrl, "healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        (NatsWire wire, string reply) = await NatsWire.ConnectAsync(nats.Port);
        await using (wire)
        {
            Assert.Equal("PONG", reply);
            Assert.True(wire.Info.GetProperty("jetstream").GetBoolean());
        }
    }

    [Fact]
    public async Task Nats_with_credentials_has_Aspire_connection_string_and_environment_and_enforces_them()
    {
        await using NatsServer nats = await NatsServer.StartNewAsync(new NatsServerOptions { User = "notify", Password = "p@ss:w/rd" });

        string expected = $"nats://notify:p%40ss%3Aw%2Frd@127.0.0.1:{nats.Port}";
        Assert.Equal(expected, nats.ConnectionString);
        IReadOnlyDictionary<string, string> environment = nats.GetEnvironmentVariables();
        Assert.Equal(expected, environment["ConnectionStrings__nats"]);
        Assert.Equal(expected, environment["NATS_URI"]);
        Assert.Equal("127.0.0.1", environment["NATS_HOST"]);
        Assert.Equal(nats.Port.ToString(), environment["NATS_PORT"]);
        Assert.Equal("notify", environment["NATS_USERNAME"]);
        Assert.Equal("p@ss:w/rd", environment["NATS_PASSWORD"]);

        (NatsWire anonymous, string refused) = await NatsWire.ConnectAsync(nats.Port);
        await anonymous.DisposeAsync();
        Assert.StartsWith("-ERR 'Authorization Violation'", refused);
        (NatsWire authenticated, string accepted) = await NatsWire.ConnectAsync(nats.Port, "notify", "p@ss:w/rd");
        await authenticated.DisposeAsync();
        Assert.Equal("PONG", accepted);
    }

    [Fact]
    public async Task Nats_without_credentials_has_a_plain_url_and_no_credential_variables()
    {
        await using NatsServer nats = await NatsServer.StartNewAsync();

        Assert.Equal($"nats://127.0.0.1:{nats.Port}", nats.ConnectionString);
        IReadOnlyDictionary<string, string> environment = nats.GetEnvironmentVariables();
        Assert.Equal(["ConnectionStrings__nats", "NATS_HOST", "NATS_PORT", "NATS_URI"], environment.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Killed_nats_restarts_on_the_same_port_with_its_JetStream_data()
    {
        await using NatsServer nats = await NatsServer.StartNewAsync();
        string stream = TestNames.Unique("orders").ToUpperInvariant();
        await using NatsWire connectedDuringKill = await ConnectedAsync(nats);
        await connectedDuringKill.RequestAsync($"$JS.API.STREAM.CREATE.{stream}", $$"""{"name":"{{stream}}","subjects":["{{stream}}.>"],"storage":"file"}""");
        JsonElement ack = await connectedDuringKill.RequestAsync($"{stream}.created", """{"order":42}""");
        Assert.Equal(1, ack.GetProperty("seq").GetInt32());
        int port = nats.Port;
        string store = nats.StoreDirectory;
        int killedPid = nats.ProcessId!.Value;

        await nats.KillAsync();
        Assert.False(ProcessTable.IsAlive(killedPid));
        Assert.False(nats.IsRunning);

        await nats.StartAsync();

        Assert.Equal(port, nats.Port);
        Assert.Equal(store, nats.StoreDirectory);
        Assert.NotEqual(killedPid, nats.ProcessId);
        await using (NatsWire wire = await ConnectedAsync(nats))
        {
            JsonElement info = await wire.RequestAsync($"$JS.API.STREAM.INFO.{stream}", "");
            Assert.Equal(1, info.GetProperty("state").GetProperty("messages").GetInt32());
        }
    }

    [Fact]
    public async Task Stopped_nats_starts_again_on_the_same_ports()
    {
        await using NatsServer nats = await NatsServer.StartNewAsync();
        (int port, int monitorPort) = (nats.Port, nats.MonitorPort);

        await nats.StopAsync();
        Assert.False(nats.IsRunning);
        await nats.StartAsync();

        Assert.Equal((port, monitorPort), (nats.Port, nats.MonitorPort));
        await using NatsWire wire = await ConnectedAsync(nats);
    }

    [Fact]
    public async Task Disposed_nats_leaves_no_process_and_no_temporary_state()
    {
        NatsServer nats = await NatsServer.StartNewAsync();
        int pid = nats.ProcessId!.Value;
        string store = nats.StoreDirectory;
        Assert.True(ProcessTable.IsAlive(pid));

        await nats.DisposeAsync();

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(Directory.Exists(store));
    }

    [Fact]
    public async Task Missing_nats_server_binary_is_a_one_line_apt_hint()
    {
        DirectoryInfo empty = Directory.CreateTempSubdirectory("notify-test-empty-path-");
        try
        {
            var options = new NatsServerOptions { ExecutableSearchPath = [empty.FullName] };

            var error = await Assert.ThrowsAsync<MissingPrerequisiteException>(() => NatsServer.StartNewAsync(options));

            Assert.Equal("nats-server not found on PATH; install it with: sudo apt-get install nats-server", error.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Fixed_port_that_is_taken_fails_fast_naming_the_port()
    {
        var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        try
        {
            int port = ((IPEndPoint)squatter.LocalEndpoint).Port;

            var error = await Assert.ThrowsAsync<PortInUseException>(() => NatsServer.StartNewAsync(new NatsServerOptions { Port = port }));

            Assert.Equal($"port {port} on 127.0.0.1 for nats is already in use", error.Message);
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public async Task Nats_that_exits_during_start_fails_with_its_last_output_lines()
    {
        DirectoryInfo state = Directory.CreateTempSubdirectory("notify-test-broken-store-");
        try
        {
            // JetStream's store directory is taken by a file: nats-server logs a fatal error and exits.
            await File.WriteAllTextAsync(Path.Combine(state.FullName, "jetstream"), "");
            var options = new NatsServerOptions { StateDirectory = state.FullName };

            var error = await Assert.ThrowsAsync<ResourceStartException>(() => NatsServer.StartNewAsync(options));

            Assert.StartsWith("nats failed to start: the process exited with code 1 before it was ready.", error.Message);
            Assert.Contains("[FTL] Can't start JetStream: storage directory is not a directory", error.Message);
            Assert.InRange(error.OutputTail.Count, 1, 40);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Nats_not_ready_by_the_deadline_fails_naming_the_timeout_and_is_not_left_running()
    {
        DirectoryInfo state = Directory.CreateTempSubdirectory("notify-test-deadline-");
        try
        {
            var options = new NatsServerOptions { StateDirectory = state.FullName, StartupTimeout = TimeSpan.FromMilliseconds(1) };

            var error = await Assert.ThrowsAsync<ResourceStartException>(() => NatsServer.StartNewAsync(options));

            Assert.StartsWith("nats failed to start: not ready within 0.001 s", error.Message);
            Assert.Empty(ProcessTable.UsingDirectory(state.FullName));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static async Task<NatsWire> ConnectedAsync(NatsServer nats)
    {
        (NatsWire wire, string reply) = await NatsWire.ConnectAsync(nats.Port);
        Assert.Equal("PONG", reply);
        return wire;
    }
}
