using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notify.Core.Notifications;
using Notify.Sandbox.Records;

namespace Notify.Sandbox.Sms;

/// <summary>SMS in the shape of Twilio's Messages API: <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
public static class TwilioMessagesApi
{
    /// <summary>
    /// Twilio sends this header on the webhooks it makes to you (a retried webhook keeps it); creating a Message
    /// documents no idempotency mechanism at all (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
    /// lists no such parameter or header; https://www.twilio.com/docs/usage/webhooks/webhooks-faq for the webhook header).
    /// Notify's SMS sender adds it anyway; the stand-in creates a new Message for a repeat, as Twilio does, and counts
    /// it as a duplicate.
    /// </summary>
    public const string IdempotencyTokenHeader = "I-Twilio-Idempotency-Token";

    /// <summary>Maps the Messages endpoint.</summary>
    public static IEndpointRouteBuilder MapTwilioMessagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/2010-04-01/Accounts/{accountSid}")
            .WithTags("Twilio")
            .MapPost("/Messages.json", CreateMessage)
            .DisableAntiforgery();
        return app;
    }

    /// <summary>Create a Message: 201 with the Message resource, or Twilio's error.</summary>
    public static async Task<Results<JsonHttpResult<TwilioMessage>, ProviderError<TwilioError>>> CreateMessage(
        string accountSid,
        [FromForm] TwilioSendForm form,
        [FromHeader(Name = "Authorization")] string? authorization,
        [FromHeader(Name = IdempotencyTokenHeader)] string? idempotencyToken,
        [FromHeader(Name = ProviderCall.UserIdHeader)] string? userId,
        [AsParameters] ProviderServices services,
        CancellationToken cancellationToken)
    {
        var call = new ProviderCall(Channel.Sms, userId, form.To);
        if (await services.Faults.InjectAsync(call, cancellationToken) is { } fault)
        {
            return TwilioError.Injected(fault);
        }

        if (!TwilioCredentials.Accept(authorization, accountSid, services.Options.Value.Twilio))
        {
            return services.Reject(call, TwilioError.Authenticate());
        }

        if (TwilioRules.Check(form) is { } refusal)
        {
            return services.Reject(call, refusal);
        }

        var message = new SandboxMessage(
            TwilioMessage.NewSid(),
            Channel.Sms,
            form.To,
            userId,
            Title: null,
            form.Body,
            SenderData(form),
            idempotencyToken,
            services.Time.GetUtcNow());
        Acceptance acceptance = services.Accept(call, message, accountSid, KeyHandling.Deliver);
        return TypedResults.Json(TwilioMessage.For(acceptance.Message, accountSid), TwilioJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static Dictionary<string, string> SenderData(TwilioSendForm form)
    {
        var data = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(form.From))
        {
            data[TwilioMessage.FromKey] = form.From;
        }

        if (!string.IsNullOrEmpty(form.MessagingServiceSid))
        {
            data[TwilioMessage.MessagingServiceSidKey] = form.MessagingServiceSid;
        }

        if (!string.IsNullOrEmpty(form.StatusCallback))
        {
            data[TwilioMessage.StatusCallbackKey] = form.StatusCallback;
        }

        return data;
    }
}
