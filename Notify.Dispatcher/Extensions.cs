using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
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
using Notify.ServiceDefaults.Configuration;
using Notify.ServiceDefaults.Integrations;

namespace Notify.Dispatcher;

/// <summary>The dispatcher's wiring.</summary>
public static class Extensions
{
    /// <summary>Registers the clients, the delivery pipeline, the channel senders and the background services.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNatsClient("nats");
        builder.AddRedisClient("redis", RedisClientDefaults.Settings, RedisClientDefaults.Options(builder));
        builder.RequireConnectionString("redis", "Aspire:StackExchange:Redis");
        builder.AddNpgsqlDataSource("notifydb", configureDataSourceBuilder: ConnectionPool.Configure);
        builder.RequireConnectionString("notifydb", "Aspire:Npgsql");

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        builder.AddDispatcherOptions();
        services.AddHttpClient(ReceiptSenderService.ClientName).ConfigureHttpClient((sp, c) =>
            c.Timeout = sp.GetRequiredService<ReceiptOptions>().Timeout + TimeSpan.FromSeconds(1));
        services.AddSingleton<StatusWebhookStore>();
        services.AddSingleton<StatusWebhooks>();
        services.AddSingleton<UnsubscribeLinks>();

        services.AddHttpClient(FcmPushSender.ClientName).ConfigureHttpClient((sp, c) => c.Timeout = sp.GetRequiredService<FcmOptions>().Timeout);
        services.AddHttpClient(TwilioSmsSender.ClientName).ConfigureHttpClient((sp, c) => c.Timeout = sp.GetRequiredService<TwilioOptions>().Timeout);
        services.AddHttpClient(WebhookSender.ClientName).ConfigureHttpClient((sp, c) => c.Timeout = sp.GetRequiredService<WebhookOptions>().Timeout);
        services.AddSingleton<IChannelSender, FcmPushSender>();
        services.AddSingleton<IChannelSender, TwilioSmsSender>();
        services.AddSingleton<SmtpConnectionPool>();
        services.AddSingleton<IChannelSender, SmtpEmailSender>();
        services.AddSingleton<IChannelSender, WebhookSender>();
        services.AddSingleton<IChannelSender, InAppSender>();

        NotificationTypeOptions.Register(services);
        services.AddSingleton<Cancellations>();
        services.AddSingleton<StreamTopology>();
        services.AddSingleton<ChannelRouter>();
        services.AddSingleton<RedisOutage>();
        services.AddSingleton<UserCaps>();
        services.AddSingleton<TemplateStore>();
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

    /// <summary>
    /// Binds every options type from its section, validated at start: a value the dispatcher could not run with stops
    /// it with one line naming the key (<c>Notify:Dispatcher:PullExpires must be between 1 and 60 seconds, …</c>), as
    /// Ingest does. Consumers take the bound value, registered once.
    /// </summary>
    private static void AddDispatcherOptions(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DispatcherOptions, DispatcherOptionsValidation>(DispatcherOptions.Section);
        builder.AddValidatedOptions<StreamTopologyOptions, StreamTopologyOptionsValidation>(StreamTopologyOptions.Section);
        builder.AddValidatedOptions<RetryOptions, RetryOptionsValidation>(RetryOptions.Section);
        builder.AddValidatedOptions<FallbackOptions, FallbackOptionsValidation>(FallbackOptions.Section);
        builder.AddValidatedOptions<CircuitBreakerOptions, CircuitBreakerOptionsValidation>(CircuitBreakerOptions.Section);
        builder.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidation>(RateLimitOptions.Section);
        builder.AddValidatedOptions<UserCapOptions, UserCapOptionsValidation>(UserCapOptions.Section);
        builder.AddValidatedOptions<UnsubscribeOptions, UnsubscribeOptionsValidation>(UnsubscribeOptions.Section);
        builder.AddValidatedOptions<ReceiptOptions, ReceiptOptionsValidation>(ReceiptOptions.Section);
        builder.AddValidatedOptions<DeferralOptions, DeferralOptionsValidation>(DeferralOptions.Section);
        builder.AddValidatedOptions<OpsReportingOptions, OpsReportingOptionsValidation>(OpsReportingOptions.Section);
        builder.AddValidatedOptions<RetentionOptions, RetentionOptionsValidation>(RetentionOptions.Section);
        builder.AddValidatedOptions<TemplateDirectoryOptions, TemplateDirectoryOptionsValidation>(TemplateDirectoryOptions.Section);
        builder.AddValidatedOptions<UserDirectoryOptions, UserDirectoryOptionsValidation>(UserDirectoryOptions.Section);

        // The providers' options are registered one by one for their senders; ConnectionStrings:smtp (the AppHost's
        // smtp resource) wins over the configured relay's host and port.
        var configuration = builder.Configuration;
        builder.AddValidatedOptions<ProviderOptions, ProviderOptionsValidation>(ProviderOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ProviderOptions>().Fcm);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ProviderOptions>().Twilio);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ProviderOptions>().Webhook);
        builder.Services.AddSingleton(sp =>
            SmtpConnectionString.TryApply(configuration.GetConnectionString(SmtpConnectionString.Name), sp.GetRequiredService<ProviderOptions>().Smtp, out var smtp)
                ? smtp
                : throw new OptionsValidationException(SmtpConnectionString.Name, typeof(SmtpOptions), [SmtpConnectionString.Malformed]));
    }

    private static void AddValidatedOptions<T, TValidation>(this IHostApplicationBuilder builder, string section)
        where T : class
        where TValidation : class, IValidateOptions<T>
    {
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>, TValidation>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

}
