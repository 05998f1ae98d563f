using Notify.Core.Messaging;
using Notify.Core.Storage;

namespace Notify.Ingest.Operations;

/// <summary>Registers what the admin API and the ops console read.</summary>
public static class OperationsRegistration
{
    /// <summary>Adds the policy store, the delivery counts, the circuit board and the summary reader.</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PriorityPolicyStore>();
        builder.Services.AddSingleton<DeliveryCounts>();
        builder.Services.AddSingleton<CircuitBoard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CircuitBoard>());
        builder.Services.AddSingleton<OpsSummaryReader>();
        return builder;
    }
}
