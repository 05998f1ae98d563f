using Microsoft.Extensions.Options;
using Notify.Core.Configuration;

namespace Notify.Dispatcher.Telemetry;

/// <summary>How often a replica reads what its gauges show and reports its circuits (section <c>Notify:Dispatcher:Reporting</c>).</summary>
public sealed record OpsReportingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Notify:Dispatcher:Reporting";

    /// <summary>
    /// How often the gauges read the consumers' info (one JetStream API call per priority) and the deferral schedule (one
    /// query).
    /// </summary>
    public TimeSpan PendingRefresh { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the replica publishes its circuit states for the ops console.</summary>
    public TimeSpan CircuitReportInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>Refuses to start with a reporting interval that is not positive (a periodic timer refuses it).</summary>
internal sealed class OpsReportingOptionsValidation : IValidateOptions<OpsReportingOptions>
{
    public ValidateOptionsResult Validate(string? name, OpsReportingOptions options) => new OptionsFailures(OpsReportingOptions.Section)
        .Positive(nameof(options.PendingRefresh), options.PendingRefresh)
        .Positive(nameof(options.CircuitReportInterval), options.CircuitReportInterval)
        .Result;
}
