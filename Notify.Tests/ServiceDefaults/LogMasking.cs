using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Notify.Tests.ServiceDefaults;

/// <summary>What the log masking tests log, and what must and must not come out.</summary>
internal static class LogMasking
{
    public const string Phone = "+447700900789";
    public const string Email = "jane.doe@example.com";
    public const string Token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl";
    public const string Password = "hunter2-hunter2";

    public static readonly string[] Clear = [Phone, Email, Token, Password, "7700900789", "jane.doe"];

    public static readonly string[] Masked = ["+44******789", "j***@example.com", "Bearer eyJh***"];

    /// <summary>An endpoint that logs personal data every way code might: template values, literal text, a scope.</summary>
    public static void MapLoggingEndpoint(WebApplication app, string marker) =>
        app.MapGet("/log", (ILoggerFactory logs) =>
        {
            ILogger logger = logs.CreateLogger("Notify.Tests.Masking");
            using (logger.BeginScope("recipient {Recipient}", Email))
            {
                logger.LogWarning("{Marker} sending to {Phone} for {Email} with Authorization {Authorization}",
                    marker, Phone, Email, "Bearer " + Token);
#pragma warning disable CA2254 // Interpolated on purpose: code that builds the text itself must be masked too.
                logger.LogWarning($"{marker} literal text: password={Password} to {Phone}");
#pragma warning restore CA2254
            }

            return "logged";
        });
}
