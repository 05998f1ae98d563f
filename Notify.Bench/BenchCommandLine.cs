using System.Globalization;
using System.Text;
using Notify.Bench.Scenarios;

namespace Notify.Bench;

/// <summary>The bench's command line: scenario names, then options.</summary>
internal sealed record BenchCommandLine(IReadOnlyList<Scenario> Scenarios, BenchOptions Options, bool ShowHelp, string? Error)
{
    /// <summary>Parses <paramref name="args"/>; <see cref="Error"/> says what was wrong.</summary>
    public static BenchCommandLine Parse(IReadOnlyList<string> args)
    {
        var scenarios = new List<Scenario>();
        var options = BenchOptions.Default;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
                return new([], options, ShowHelp: true, null);
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (ScenarioRegistry.Find(arg) is not { } scenario)
                    return Fail($"unknown scenario '{arg}'");
                scenarios.Add(scenario);
                continue;
            }
            if (arg is "--peer" or "--no-peer" or "--alloc-types" or "--verbose")
            {
                options = arg switch
                {
                    "--peer" => options with { Peer = true },
                    "--no-peer" => options with { Peer = false },
                    "--alloc-types" => options with { AllocTypes = true },
                    _ => options with { Verbose = true },
                };
                continue;
            }
            if (arg == "--set")
            {
                if (i + 1 == args.Count || ServiceSetting.Parse(args[i + 1]) is not { } setting)
                    return Fail("--set needs service:key=value, service one of " + string.Join(", ", ServiceSetting.Services));
                options = options with { Settings = [.. options.Settings, setting] };
                i++;
                continue;
            }
            if (i + 1 == args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                return Fail($"{arg} needs a non-negative whole number");
            i++;
            BenchOptions? next = arg switch
            {
                "--count" when value > 0 => options with { Count = value },
                "--payload" when value <= 1 << 20 => options with { PayloadSize = value },
                "--window" when value > 0 => options with { Window = value },
                "--batch" when value > 0 => options with { Batch = value },
                "--repeats" when value > 0 => options with { Repeats = value },
                "--warmup" => options with { Warmup = value },
                "--clients" when value > 0 => options with { Clients = value },
                "--requests" when value > 0 => options with { Requests = value },
                "--notifications" when value > 0 => options with { Notifications = value },
                "--backlog" => options with { Backlog = value },
                "--critical" when value > 0 => options with { Critical = value },
                _ => null,
            };
            if (next is null)
                return Fail($"unknown option {arg}, or {value} is out of its range");
            options = next;
        }
        return scenarios.Count == 0 ? Fail("name at least one scenario") : new(scenarios, options, ShowHelp: false, null);
    }

    /// <summary>The text of <c>--help</c>.</summary>
    public static string Usage()
    {
        var d = BenchOptions.Default;
        var text = new StringBuilder();
        text.AppendLine("Usage: dotnet run -c Release --project Notify.Bench -- <scenario>... [options]");
        text.AppendLine();
        text.AppendLine("Prints one JSON object per scenario on stdout; progress goes to stderr.");
        text.AppendLine();
        text.AppendLine("Scenarios:");
        foreach (var scenario in ScenarioRegistry.All)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {scenario.Name,-14} {scenario.Summary}");
        text.AppendLine();
        text.AppendLine("Options:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --count N      messages per timed run (default {d.Count})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --payload N    payload bytes (default {d.PayloadSize})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --window N     publishes awaiting their PubAck at most (default {d.Window})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --batch N      messages per pull request (default {d.Batch})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --repeats N    timed runs per client (ingest), or whole runs (priority); the median is reported (default {d.Repeats})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --warmup N     untimed messages before each timed run (default {d.Warmup})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --clients N    concurrent HTTP clients of ingest and e2e (default {d.Clients})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --requests N   requests per endpoint in ingest (default {d.Requests})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --notifications N  notifications through the pipeline in e2e (default {E2eScenario.DefaultNotifications}) and chaos (default {ChaosScenario.DefaultNotifications})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --backlog N    low notifications queued ahead of critical in priority (default {d.Backlog})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  --critical N   critical notifications in each of priority's measurements (default {d.Critical})");
        text.AppendLine("  --set S:K=V    configuration key K = V for service S (ingest, dispatcher, sandbox) in the pipeline scenarios");
        text.AppendLine("  --peer         also run the nats.js peer in the same run (default when node is installed)");
        text.AppendLine("  --no-peer      run the NATS.Net client only");
        text.AppendLine("  --alloc-types  log the types the NATS.Net client's timed runs allocate most (sampled)");
        text.AppendLine("  --verbose      copy nats-server's output, and the AppHost's with its resources', to stderr");
        text.AppendLine("  -h, --help     this text");
        return text.ToString();
    }

    private static BenchCommandLine Fail(string error) => new([], BenchOptions.Default, ShowHelp: false, error);
}
