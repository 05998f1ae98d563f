using Notify.AppHost.Hosting;
using Notify.Tests.Infrastructure;

namespace Notify.Tests.Hosting;

public sealed class ProjectResourceTests
{
    [Fact]
    public async Task Project_runs_from_its_build_output_with_the_Aspire_environment_of_its_references()
    {
        InfrastructureHost infrastructure = await SharedInfrastructure.GetAsync();
        await using var upstream = new ProjectResource(EchoService.Options("upstream"));
        await upstream.StartAsync();
        await using ProjectResource service = new ProjectResource(EchoService.Options("echo") with
            {
                OtlpEndpoint = new Uri("http://127.0.0.1:4317"),
                Environment = new Dictionary<string, string> { ["Echo__Extra"] = "from options", ["FROM_BOTH"] = "options" },
            })
            .WithReference(infrastructure.Nats)
            .WithReference(infrastructure.Postgres)
            .WithReference(upstream)
            .WithEnvironment("FROM_BOTH", "computed")
            .WithEnvironment("UPSTREAM_PORT", () => upstream.Port.ToString());

        await service.StartAsync();
        IReadOnlyDictionary<string, string> environment = await EchoService.EnvironmentOfAsync(service);

        Assert.EndsWith("/Notify.Tests/EchoService/bin/" + service.Configuration + "/net10.0/Notify.Tests.EchoService.dll", service.AssemblyPath);
        Assert.Equal(infrastructure.Nats.ConnectionString, environment["ConnectionStrings__nats"]);
        Assert.Equal(infrastructure.Nats.ConnectionString, environment["NATS_URI"]);
        Assert.Equal(infrastructure.Postgres.ConnectionString, environment["ConnectionStrings__notifydb"]);
        Assert.False(environment.ContainsKey("ConnectionStrings__redis"), "only references are passed");
        Assert.Equal($"http://127.0.0.1:{upstream.Port}", environment["services__upstream__http__0"]);
        Assert.Equal($"http://127.0.0.1:{upstream.Port}", environment["UPSTREAM_HTTP"]);
        Assert.Equal($"http://127.0.0.1:{service.Port}", environment["ASPNETCORE_URLS"]);
        Assert.Equal("Development", environment["DOTNET_ENVIRONMENT"]);
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("echo", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=echo", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://127.0.0.1:4317", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal("from options", environment["Echo__Extra"]);
        Assert.Equal("options", environment["FROM_BOTH"]);
        Assert.Equal(upstream.Port.ToString(), environment["UPSTREAM_PORT"]);
        Assert.Equal(service.AssemblyPath, Path.Combine(service.StateDirectory, Path.GetFileName(service.AssemblyPath)));
    }

    [Fact]
    public async Task Project_without_an_OTLP_endpoint_gets_no_exporter_variables()
    {
        await using var service = new ProjectResource(EchoService.Options("quiet"));

        await service.StartAsync();
        IReadOnlyDictionary<string, string> environment = service.GetServiceEnvironment();

        Assert.Equal("quiet", environment["OTEL_SERVICE_NAME"]);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("OTEL_EXPORTER_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_build_output_fails_the_start_with_the_dotnet_build_command()
    {
        await using var service = new ProjectResource(EchoService.Options("unbuilt") with { Configuration = "NeverBuilt" });

        ProjectNotBuiltException exception = await Assert.ThrowsAsync<ProjectNotBuiltException>(() => service.StartAsync());

        Assert.Equal("unbuilt", exception.ResourceName);
        Assert.EndsWith("/bin/NeverBuilt/net10.0/Notify.Tests.EchoService.dll", exception.AssemblyPath);
        Assert.Equal($"dotnet build {service.ProjectFile} -c NeverBuilt", exception.BuildCommand);
        Assert.EndsWith($"build it with: dotnet build {service.ProjectFile} -c NeverBuilt", exception.Message);
        Assert.False(service.IsRunning);
    }

    /// <remarks>The deadline leaves a loaded machine time to start the service, so the last probe reached it.</remarks>
    [Fact]
    public async Task Unhealthy_project_is_not_ready_and_the_failure_names_the_health_answer()
    {
        await using var service = new ProjectResource(EchoService.Options("unhealthy") with
        {
            // 15 s was too short at the start of a full run on two cores (the service had not bound its port yet).
            StartupTimeout = TimeSpan.FromSeconds(30),
            Environment = new Dictionary<string, string> { ["Echo__HealthStatus"] = "503" },
        });

        ResourceStartException exception = await Assert.ThrowsAsync<ResourceStartException>(() => service.StartAsync());

        Assert.Contains("GET /health answered 503 ServiceUnavailable: Healthy", exception.Message);
        Assert.False(service.IsRunning);
    }

    [Fact]
    public async Task Project_probed_on_alive_is_ready_while_its_health_fails()
    {
        await using var service = new ProjectResource(EchoService.Options("starting") with
        {
            ReadinessPath = "/alive",
            Environment = new Dictionary<string, string> { ["Echo__HealthStatus"] = "503" },
        });

        await service.StartAsync();

        Assert.True(service.IsRunning);
    }

    [Fact]
    public async Task Killed_project_leaves_no_process_and_starts_again_on_its_port()
    {
        await using var service = new ProjectResource(EchoService.Options("killed"));
        await service.StartAsync();
        int pid = service.ProcessId!.Value;
        int port = service.Port;

        await service.KillAsync();

        Assert.False(ProcessTable.IsAlive(pid));
        Assert.False(service.IsRunning);
        Assert.Null(service.ProcessId);

        await service.StartAsync();

        Assert.Equal(port, service.Port);
        Assert.NotEqual(pid, service.ProcessId);
        Assert.Equal($"http://127.0.0.1:{port}", (await EchoService.EnvironmentOfAsync(service))["ASPNETCORE_URLS"]);
        int restartedPid = service.ProcessId!.Value;
        await service.DisposeAsync();
        Assert.False(ProcessTable.IsAlive(restartedPid));
    }
}
