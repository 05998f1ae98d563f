using Notify.Core.Messaging;
using Notify.Core.Storage;

namespace Notify.Ingest.Operations;

/// <summary>Registers what the admin API and the ops console read.</summary>
public static class OperationsRegistration
{
    /// <summary>Adds the policy store, the delivery counts, the circuit board, the summary reader and its stream (<c>Notify:OpsConsole</c>).</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PriorityPolicyStore>();
        builder.Services.AddSingleton<DeliveryCounts>();
        builder.Services.AddSingleton<CircuitBoard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CircuitBoard>());
        builder.Services.AddSingleton<ThroughputHistoryReader>();
        builder.Services.AddSingleton<OpsSummaryReader>();
        builder.Services.AddOptions<SummaryStreamOptions>().BindConfiguration(SummaryStreamOptions.Section)
            .Validate(o => o.RefreshInterval > TimeSpan.Zero && o.MinInterval >= TimeSpan.Zero,
                $"{SummaryStreamOptions.Section}: RefreshInterval must be positive and MinInterval not negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SummaryStream>();
        return builder;
    }
}
