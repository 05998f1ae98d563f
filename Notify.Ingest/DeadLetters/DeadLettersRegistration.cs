using Notify.Core.Storage;

namespace Notify.Ingest.DeadLetters;

/// <summary>Registers the dead-letter queue's operations.</summary>
public static class DeadLettersRegistration
{
    /// <summary>Adds the dead-letter store and the replayer.</summary>
    public static IHostApplicationBuilder AddDeadLetters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadLetterStore>();
        builder.Services.AddSingleton<DeadLetterReplayer>();
        return builder;
    }
}
