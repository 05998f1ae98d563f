using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NATS.Client.Core;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Integrations;

namespace Notify.Tests.ServiceDefaults;

public sealed class ConnectionSettingsTests
{
    [Fact]
    public async Task ConnectionStrings_nats_wins_over_the_Aspire_section()
    {
        await using WebApplication app = Build(new()
        {
            ["Aspire:NATS:Net:ConnectionString"] = "nats://section-host:4222",
            ["ConnectionStrings:nats"] = "nats://connection-string-host:4333",
        });

        NatsConnection connection = app.Services.GetRequiredService<NatsConnection>();

        Assert.Equal("nats://connection-string-host:4333", connection.Opts.Url);
        Assert.Equal(app.Environment.ApplicationName, connection.Opts.Name);
        Assert.True(connection.Opts.RetryOnInitialConnect);
    }

    [Fact]
    public async Task The_Aspire_section_applies_when_there_is_no_connection_string()
    {
        await using WebApplication app = Build(new()
        {
            ["Aspire:NATS:Net:ConnectionString"] = "nats://section-host:4222",
            ["Aspire:Npgsql:ConnectionString"] = "Host=section-host;Database=notifydb",
        });

        Assert.Equal("nats://section-host:4222", app.Services.GetRequiredService<NatsConnection>().Opts.Url);
        Assert.Contains("section-host", app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionStrings_notifydb_wins_over_the_Aspire_section()
    {
        await using WebApplication app = Build(new()
        {
            ["Aspire:Npgsql:ConnectionString"] = "Host=section-host;Database=notifydb",
            ["ConnectionStrings:notifydb"] = "Host=connection-string-host;Database=notifydb",
        });

        NpgsqlDataSource dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Contains("connection-string-host", dataSource.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_connection_string_names_both_places_to_put_it()
    {
        await using WebApplication app = Build([]);

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<NatsConnection>());

        Assert.Contains("ConnectionStrings:nats", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:NATS:Net", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableTracing_leaves_the_clients_sources_out_and_DisableHealthChecks_their_checks()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        Dictionary<string, string?> settings = ExportingWithConnections(receiver);
        settings["Aspire:NATS:Net:DisableTracing"] = "true";
        settings["Aspire:Npgsql:DisableHealthChecks"] = "true";
        await using WebApplication app = Build(settings);

        Assert.Equal(["Npgsql"], TracedSources.Of(app.Services, receiver, "NATS.Net", "Npgsql"));

        var health = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>();
        string[] names = [.. health.Value.Registrations.Select(r => r.Name)];
        Assert.Contains("NATS", names);
        Assert.DoesNotContain("PostgreSql", names);
    }

    [Fact]
    public async Task Npgsql_DisableTracing_leaves_its_source_out()
    {
        await using OtlpReceiver receiver = await OtlpReceiver.StartAsync();
        Dictionary<string, string?> settings = ExportingWithConnections(receiver);
        settings["Aspire:Npgsql:DisableTracing"] = "true";
        await using WebApplication app = Build(settings);

        Assert.Equal(["NATS.Net"], TracedSources.Of(app.Services, receiver, "NATS.Net", "Npgsql"));
    }

    private static Dictionary<string, string?> ExportingWithConnections(OtlpReceiver receiver)
    {
        Dictionary<string, string?> settings = OtlpExporterTests.Otlp(receiver.Endpoint);
        settings["ConnectionStrings:nats"] = "nats://127.0.0.1:4222";
        settings["ConnectionStrings:notifydb"] = "Host=127.0.0.1;Database=notifydb";
        return settings;
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        WebApplicationBuilder builder = TestService.CreateBuilder(settings);
        builder.AddServiceDefaults();
        builder.AddNatsClient("nats");
        builder.AddNpgsqlDataSource("notifydb");
        return builder.Build();
    }
}
