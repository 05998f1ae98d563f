using Microsoft.AspNetCore.Http.HttpResults;

namespace Notify.Sandbox.Faults;

/// <summary><c>/sandbox/faults</c>: inject, list and remove faults at run time.</summary>
public static class FaultsApi
{
    /// <summary>Maps the fault endpoints.</summary>
    public static IEndpointRouteBuilder MapFaultsApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/sandbox/faults").WithTags("Faults");
        api.MapPost("/", AddFault);
        api.MapGet("/", ListFaults);
        api.MapGet("/{id}", GetFault).WithName(nameof(GetFault));
        api.MapDelete("/{id}", RemoveFault);
        api.MapDelete("/", ClearFaults);
        return app;
    }

    /// <summary>Activates a fault and answers it with its id.</summary>
    public static Results<CreatedAtRoute<FaultRule>, ValidationProblem> AddFault(FaultRequest request, FaultRegistry faults)
    {
        Dictionary<string, string[]> errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The fault is not valid.");
        }

        FaultRule rule = faults.Add(request);
        return TypedResults.CreatedAtRoute(rule, nameof(GetFault), new { id = rule.Id });
    }

    /// <summary>The active faults, narrowest first.</summary>
    public static Ok<IReadOnlyList<FaultRule>> ListFaults(FaultRegistry faults) => TypedResults.Ok(faults.List());

    /// <summary>One active fault.</summary>
    public static Results<Ok<FaultRule>, ProblemHttpResult> GetFault(string id, FaultRegistry faults) =>
        faults.Find(id) is { } rule ? TypedResults.Ok(rule) : NoSuchFault(id);

    /// <summary>Deactivates one fault.</summary>
    public static Results<NoContent, ProblemHttpResult> RemoveFault(string id, FaultRegistry faults) =>
        faults.Remove(id) ? TypedResults.NoContent() : NoSuchFault(id);

    /// <summary>Deactivates every fault.</summary>
    public static NoContent ClearFaults(FaultRegistry faults)
    {
        faults.Clear();
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NoSuchFault(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such fault.", detail: $"No active fault has the id '{id}'.");
}
