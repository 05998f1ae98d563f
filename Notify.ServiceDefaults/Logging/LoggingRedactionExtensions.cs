using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notify.ServiceDefaults.Logging;

/// <summary>Registers the log masking safety net.</summary>
public static class LoggingRedactionExtensions
{
    /// <summary>
    /// Masks phone numbers, email addresses and tokens in every log record — formatted message, structured values
    /// and scopes — before any provider (console, OpenTelemetry) sees it. See <see cref="SensitiveData.Redact"/>.
    /// Exceptions are passed on as they are: do not put personal data in exception messages.
    /// </summary>
    public static ILoggingBuilder AddSensitiveDataRedaction(this ILoggingBuilder logging)
    {
        logging.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(
            new LoggerFactory(
                sp.GetServices<ILoggerProvider>(),
                sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(),
                sp.GetService<IExternalScopeProvider>()))));
        return logging;
    }
}
