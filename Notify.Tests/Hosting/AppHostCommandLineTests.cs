using Notify.AppHost;
using Notify.AppHost.Hosting;

namespace Notify.Tests.Hosting;

public sealed class AppHostCommandLineTests
{
    private const string State = "/srv/notify/.state";

    [Fact]
    public void Local_run_uses_the_usual_ports_two_dispatchers_restarts_and_no_telemetry_export()
    {
        NotifyStackOptions stack = AppHostCommandLine.Parse([], State).Stack;

        Assert.Equal(State, stack.Infrastructure.StateDirectory);
        Assert.Equal(4222, stack.Infrastructure.Nats.Port);
        Assert.Equal(5090, stack.Sandbox.Port);
        Assert.Equal(5080, stack.Ingest.Port);
        Assert.Equal(5100, stack.Dispatcher.Port);
        Assert.Equal(2, stack.Dispatchers);
        Assert.True(stack.RestartOnCrash);
        Assert.Null(stack.OtlpEndpoint);
        Assert.Equal(9090, stack.Prometheus?.Port);
        Assert.Equal(Path.Combine(State, "prometheus"), stack.Prometheus?.StateDirectory);
    }

    [Fact]
    public void Options_set_the_replica_count_the_service_ports_and_the_OTLP_endpoint()
    {
        NotifyStackOptions stack = AppHostCommandLine.Parse(
            ["--dispatchers", "3", "--ingest-port=6080", "--sandbox-port", "6090", "--dispatcher-port", "6100", "--otlp-endpoint", "http://127.0.0.1:4317"],
            State).Stack;

        Assert.Equal(3, stack.Dispatchers);
        Assert.Equal(6080, stack.Ingest.Port);
        Assert.Equal(6090, stack.Sandbox.Port);
        Assert.Equal([6100, 6101, 6102], stack.Dispatcher.Replicas(stack.Dispatchers).Select(replica => replica.Port!.Value));
        Assert.Equal(new Uri("http://127.0.0.1:4317"), stack.OtlpEndpoint);
    }

    [Theory]
    [InlineData("--dispatchers", "many", "--dispatchers must be a number from 0 to 32, not 'many'")]
    [InlineData("--dispatchers", "33", "--dispatchers must be a number from 0 to 32, not '33'")]
    [InlineData("--otlp-endpoint", "localhost:4317", "--otlp-endpoint must be an http:// or https:// URL, not 'localhost:4317'")]
    [InlineData("--dispatcher-port", "65535", "--dispatcher-port leaves no room for 2 dispatchers below 65536")]
    public void Bad_values_are_refused_with_the_option_named(string option, string value, string message)
    {
        FormatException exception = Assert.Throws<FormatException>(() => AppHostCommandLine.Parse([option, value], State));

        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Printed_commands_give_the_user_contacts_send_with_the_development_key_and_read_status_and_sandbox_messages()
    {
        IReadOnlyList<string> commands = TryItCommands.For(new Uri("http://127.0.0.1:5080"), new Uri("http://127.0.0.1:5090"));

        Assert.Equal(
            """curl -s -X PUT http://127.0.0.1:5080/v1/users/u1/contacts -H 'Authorization: Bearer notify-dev-key' -H 'Content-Type: application/json' -d '{"phone":"+447700900123","pushTokens":["device-token-u1"]}'""",
            commands[0]);
        Assert.Equal(
            """curl -s -X POST http://127.0.0.1:5080/v1/notifications -H 'Authorization: Bearer notify-dev-key' -H 'Content-Type: application/json' -d '{"userId":"u1","type":"order.out_for_delivery","data":{"orderId":"o-42"}}'""",
            commands[1]);
        Assert.StartsWith("curl -s http://127.0.0.1:5080/v1/notifications/ID -H 'Authorization: Bearer notify-dev-key'", commands[2]);
        Assert.Equal("curl -s 'http://127.0.0.1:5090/sandbox/messages?userId=u1'", commands[3]);
    }
}
