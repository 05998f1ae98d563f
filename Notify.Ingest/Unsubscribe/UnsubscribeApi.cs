using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Notify.Core.Users;
using Notify.Ingest.Problems;

namespace Notify.Ingest.Unsubscribe;

/// <summary>
/// <c>/v1/unsubscribe?token=…</c>: the one-click unsubscribe link of emails (RFC 8058). No API key: the signed token
/// names the tenant, the user and the category. <c>POST</c> (what mail clients send, body
/// <c>List-Unsubscribe=One-Click</c>) opts the user out and answers 200; <c>GET</c> (a person following the link)
/// only shows a page with a button that posts, so link scanners that prefetch cannot unsubscribe anyone. A token that
/// is not one is a 400 naming <c>token</c>; a forged or altered one a 403.
/// </summary>
public static class UnsubscribeApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapUnsubscribeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/unsubscribe").WithTags("Unsubscribe").AllowAnonymous();
        api.MapGet("", Confirm);
        api.MapPost("", UnsubscribeAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>A page that names what the link unsubscribes from, with the button that does it.</summary>
    public static Results<ContentHttpResult, ProblemHttpResult> Confirm(string? token, UnsubscribeOptions options)
    {
        if (Check(token, options, out var unsubscription) is { } problem)
            return problem;
        var category = WebUtility.HtmlEncode(unsubscription!.Category);
        var action = WebUtility.HtmlEncode($"/v1/unsubscribe?token={Uri.EscapeDataString(token!)}");
        return TypedResults.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head><body>
            <p>Stop receiving <strong>{category}</strong> notifications?</p>
            <form method="post" action="{action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>
            </body></html>
            """, "text/html; charset=utf-8");
    }

    /// <summary>Opts the user out of the token's category: 200 with a short confirmation.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(string? token, UnsubscribeOptions options,
        Unsubscriber unsubscriber, HttpResponse response, CancellationToken cancellationToken)
    {
        if (Check(token, options, out var unsubscription) is { } problem)
            return problem;
        if (!await unsubscriber.OptOutAsync(unsubscription!, cancellationToken))
            return ApiProblems.StorageUnavailable(response);
        return TypedResults.Content($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title></head><body>
            <p>You will no longer receive <strong>{WebUtility.HtmlEncode(unsubscription!.Category)}</strong> notifications.</p>
            </body></html>
            """, "text/html; charset=utf-8");
    }

    private static ProblemHttpResult? Check(string? token, UnsubscribeOptions options, out Unsubscription? unsubscription)
    {
        unsubscription = null;
        if (!options.Enabled)
            return ApiProblems.NotFound("One-click unsubscribe is not configured.");
        return new UnsubscribeTokens(options).TryRead(token, out unsubscription) switch
        {
            UnsubscribeTokenError.None => null,
            UnsubscribeTokenError.Forged => TypedResults.Problem("The unsubscribe token's signature does not match; the link was altered or not issued here.",
                statusCode: StatusCodes.Status403Forbidden, title: "The unsubscribe link is not valid.", type: ProblemTypes.Forbidden),
            _ => ApiProblems.InvalidFields(new Dictionary<string, string[]> { ["token"] = ["Must be the token of an unsubscribe link, as the email gave it."] }),
        };
    }
}
