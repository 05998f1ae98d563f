using Microsoft.Extensions.Options;
using Notify.Core.Notifications;
using Notify.Core.Storage;
using Notify.Ingest.Orders;

namespace Notify.Ingest.Notifications;

/// <summary>Registers accepting notifications and order events, and reading their status.</summary>
public static class NotificationsRegistration
{
    /// <summary>Adds the limits (<c>Notify:Limits</c>), the type catalogue (<c>Notify:Types</c>), validation and the acceptor.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationLimits>().BindConfiguration(NotificationLimits.Section)
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxBatchBodyBytes > 0 && o.MaxBatchItems > 0 && o.MaxDataBytes > 0
                && o.MaxScheduleAhead > TimeSpan.Zero && o.IdempotencyRecordTtl > TimeSpan.Zero, $"{NotificationLimits.Section}: every limit must be positive.")
            .ValidateOnStart();
        NotificationTypeOptions.Register(services);
        services.AddSingleton<NotificationValidator>();
        services.AddSingleton<IdempotencyRecords>();
        services.AddSingleton<NotificationAcceptor>();
        return builder;
    }

    /// <summary>Adds the order event table (<c>Notify:Orders</c>).</summary>
    public static IHostApplicationBuilder AddOrderEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderEventOptions>().BindConfiguration(OrderEventOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OrderEventOptions>, OrderEventOptionsValidation>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<OrderEventOptions>>().Value.ToMap());
        return builder;
    }

    /// <summary>Adds the status lookup (PostgreSQL, then the streams) and cancellation (PostgreSQL and the dispatchers' bucket).</summary>
    public static IHostApplicationBuilder AddNotificationStatus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationStore>();
        builder.Services.AddSingleton<QueuedNotifications>();
        builder.Services.AddSingleton<NotificationLookup>();
        builder.Services.AddSingleton<Cancellations>();
        builder.Services.AddSingleton<DeferredSchedule>();
        builder.Services.AddSingleton<NotificationCancellation>();
        return builder;
    }
}
