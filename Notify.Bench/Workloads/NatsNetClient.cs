using System.Reflection;
using NATS.Client.Core;

namespace Notify.Bench.Workloads;

/// <summary>How the reports name the .NET client under test, beside <c>nats.js</c> and its version.</summary>
internal static class NatsNetClient
{
    public const string Name = "nats.net";

    /// <summary>The NATS.Net package version this bench runs (e.g. <c>3.3.2</c>), without the build's commit suffix.</summary>
    public static string? Version { get; } = typeof(NatsConnection).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0].Trim();
}
