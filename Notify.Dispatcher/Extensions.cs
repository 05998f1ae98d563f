using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Core.Redis;
using Notify.Core.Storage;
using Notify.Core.Templates;
using Notify.Core.Users;
using Notify.Dispatcher.Channels;
using Notify.Dispatcher.Channels.Email;
using Notify.Dispatcher.Channels.InApp;
using Notify.Dispatcher.Channels.Push;
using Notify.Dispatcher.Channels.Sms;
using Notify.Dispatcher.Caps;
using Notify.Dispatcher.Channels.Webhook;
using Notify.Dispatcher.Content;
using Notify.Dispatcher.DeadLetters;
using Notify.Dispatcher.Deferral;
using Notify.Dispatcher.Delivery;
using Notify.Dispatcher.Idempotency;
using Notify.Dispatcher.RateLimiting;
using Notify.Dispatcher.Receipts;
using Notify.Dispatcher.Resilience;
using Notify.Dispatcher.Retention;
using Notify.Dispatcher.Retry;
using Notify.Dispatcher.Scheduling;
using Notify.Dispatcher.Status;
using Notify.Dispatcher.Telemetry;
using Notify.ServiceDefaults;
using Notify.ServiceDefaults.Integrations;

namespace Notify.Dispatcher;

/// <summary>The dispatcher's wiring.</summary>
public static class Extensions
{
    /// <summary>Registers the clients, the delivery pipeline, the channel senders and the background services.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddRedisClient("redis");
        builder.AddNpgsqlDataSource("notifydb");

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        var dispatcher = Bind<DispatcherOptions>(builder, DispatcherOptions.Section);
        dispatcher.Validate();
        services.AddSingleton(dispatcher);
        services.AddSingleton(Bind<StreamTopologyOptions>(builder, StreamTopologyOptions.Section));
        services.AddSingleton(Bind<RetryOptions>(builder, RetryOptions.Section));
        services.AddSingleton(Bind<FallbackOptions>(builder, FallbackOptions.Section));
        services.AddSingleton(Bind<CircuitBreakerOptions>(builder, CircuitBreakerOptions.Section));
        services.AddSingleton(Bind<RateLimitOptions>(builder, RateLimitOptions.Section));
        services.AddSingleton(Bind<UserCapOptions>(builder, UserCapOptions.Section));
        services.AddSingleton(Bind<UnsubscribeOptions>(builder, UnsubscribeOptions.Section));
        var receipts = Bind<ReceiptOptions>(builder, ReceiptOptions.Section);
        services.AddSingleton(receipts);
        services.AddHttpClient(ReceiptSenderService.ClientName, c => c.Timeout = receipts.Timeout + TimeSpan.FromSeconds(1));
        services.AddSingleton<StatusWebhookStore>();
        services.AddSingleton<StatusWebhooks>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton(Bind<DeferralOptions>(builder, DeferralOptions.Section));
        services.AddSingleton(Bind<OpsReportingOptions>(builder, OpsReportingOptions.Section));
        var retention = Bind<RetentionOptions>(builder, RetentionOptions.Section);
        retention.Validate();
        services.AddSingleton(retention);
        var providers = Bind<ProviderOptions>(builder, ProviderOptions.Section);
        providers = providers with { Smtp = SmtpFromConnectionString(builder.Configuration.GetConnectionString("smtp"), providers.Smtp) };
        providers.Smtp.Validate();
        services.AddSingleton(providers);
        services.AddSingleton(providers.Fcm);
        services.AddSingleton(providers.Twilio);
        services.AddSingleton(providers.Smtp);
        services.AddSingleton(providers.Webhook);

        services.AddHttpClient(FcmPushSender.ClientName, c => c.Timeout = providers.Fcm.Timeout);
        services.AddHttpClient(TwilioSmsSender.ClientName, c => c.Timeout = providers.Twilio.Timeout);
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = providers.Webhook.Timeout);
        services.AddSingleton<IChannelSender, FcmPushSender>();
        services.AddSingleton<IChannelSender, TwilioSmsSender>();
        services.AddSingleton<SmtpConnectionPool>();
        services.AddSingleton<IChannelSender, SmtpEmailSender>();
        services.AddSingleton<IChannelSender, WebhookSender>();
        services.AddSingleton<IChannelSender, InAppSender>();

        services.AddSingleton(new NotificationTypeCatalog());
        services.AddSingleton<Cancellations>();
        services.AddSingleton<StreamTopology>();
        services.AddSingleton<ChannelRouter>();
        services.AddSingleton<UserCaps>();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton(Bind<TemplateDirectoryOptions>(builder, "Notify:Templates"));
        services.AddSingleton<TemplateDirectory>();
        services.AddSingleton<ContentRenderer>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<ProviderCircuitBreakers>();
        services.AddSingleton<RedisRateLimiter>();
        services.AddSingleton<ProviderRateLimits>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<StatusWriter>();
        services.AddSingleton(Bind<UserDirectoryOptions>(builder, "Notify:Users"));
        services.AddSingleton<SharedProfileCache>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<UnregisteredTokens>();
        services.AddSingleton<SentMarkers>();
        services.AddSingleton<StatusPublisher>();
        services.AddSingleton<DeadLetterPublisher>();
        services.AddSingleton<DispatcherTelemetry>();
        services.AddSingleton<ChannelAttempt>();
        services.AddSingleton<DeferredSchedule>();
        services.AddSingleton<ScheduleReleaser>();
        services.AddSingleton<Deferrals>();
        services.AddSingleton<DeliveryPipeline>();
        services.AddSingleton<PriorityPolicySource>();
        services.AddSingleton<HistoryRetention>();

        services.AddHostedService<TopologyInitializer>();
        services.AddHostedService<UserDirectoryStarter>();
        services.AddHostedService<TemplateDirectoryStarter>();
        services.AddHostedService<CancellationWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PriorityPolicySource>());
        services.AddHostedService<PriorityScheduler>();
        services.AddHostedService<MaxDeliveriesWatcher>();
        services.AddHostedService<StatusWriterService>();
        services.AddHostedService<DeadLetterRecorderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleReleaser>());
        services.AddSingleton<DispatcherGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<DispatcherGauges>());
        services.AddHostedService<CircuitStateReporter>();
        services.AddHostedService<ReceiptSenderService>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return builder;
    }

    private static T Bind<T>(IHostApplicationBuilder builder, string section) where T : new() =>
        builder.Configuration.GetSection(section).Get<T>() ?? new T();

    /// <summary>Reads <c>Endpoint=smtp://host:port</c>, the form the AppHost passes for the smtp resource.</summary>
    private static SmtpOptions SmtpFromConnectionString(string? connectionString, SmtpOptions smtp)
    {
        if (string.IsNullOrEmpty(connectionString))
            return smtp;
        var endpoint = connectionString.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("Endpoint", StringComparison.OrdinalIgnoreCase))?[1];
        return Uri.TryCreate(endpoint ?? connectionString, UriKind.Absolute, out var uri)
            ? smtp with { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : smtp.Port }
            : throw new OptionsValidationException("smtp", typeof(SmtpOptions), [$"ConnectionStrings:smtp '{connectionString}' is not Endpoint=smtp://host:port"]);
    }
}
