using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Core.Notifications;

namespace Notify.Sandbox.Records;

/// <summary><c>/sandbox/messages</c> and <c>/sandbox/stats</c>: what the stand-ins accepted and how they answered.</summary>
public static class MessagesApi
{
    /// <summary>Maps the record endpoints.</summary>
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/sandbox").WithTags("Records");
        api.MapGet("/messages", ListMessages);
        api.MapDelete("/messages", ClearMessages);
        api.MapGet("/stats", GetStats);
        return app;
    }

    /// <summary>The accepted messages meeting every given criterion, oldest first.</summary>
    public static Results<Ok<IReadOnlyList<SandboxMessage>>, ValidationProblem> ListMessages(
        MessageStore messages, string? userId = null, string? channel = null, string? to = null, int? limit = null)
    {
        var errors = new Dictionary<string, string[]>();
        Channel? parsed = null;
        if (channel is not null)
        {
            if (SandboxChannels.TryParse(channel, out Channel known))
            {
                parsed = known;
            }
            else
            {
                errors["channel"] = [$"The channel must be {SandboxChannels.Expected}."];
            }
        }

        if (limit is < 1)
        {
            errors["limit"] = ["The limit must be at least 1."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors, title: "The message query is not valid.")
            : TypedResults.Ok(messages.Find(new MessageFilter(userId, parsed, to, limit)));
    }

    /// <summary>Forgets every accepted message, idempotency key and count (active faults stay).</summary>
    public static NoContent ClearMessages(MessageStore messages, TrafficStats stats)
    {
        messages.Clear();
        stats.Clear();
        return TypedResults.NoContent();
    }

    /// <summary>Requests by channel and outcome, for all traffic or for one user's.</summary>
    public static Ok<TrafficReport> GetStats(TrafficStats stats, string? userId = null) => TypedResults.Ok(stats.Report(userId));
}
