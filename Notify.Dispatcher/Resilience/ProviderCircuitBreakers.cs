using System.Collections.Concurrent;
using Notify.Dispatcher.Channels;
using Polly;
using Polly.CircuitBreaker;

namespace Notify.Dispatcher.Resilience;

/// <summary>Circuit state as the metrics report it.</summary>
public enum CircuitState
{
    /// <summary>Calls flow.</summary>
    Closed,
    /// <summary>A trial call decides.</summary>
    HalfOpen,
    /// <summary>The provider counts as down: no calls.</summary>
    Open,
}

/// <summary>
/// One Polly circuit breaker per provider. Only transient failures count (a wrong number says nothing about the
/// provider). While a circuit is open, sends to that provider are not attempted: critical deliveries move on to the
/// user's next channel, the rest wait and retry.
/// </summary>
public sealed class ProviderCircuitBreakers(CircuitBreakerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new();

    /// <summary>The state of every provider seen so far.</summary>
    public IEnumerable<(string Provider, CircuitState State)> States =>
        _breakers.Select(b => (b.Key, Map(b.Value.State.CircuitState)));

    /// <summary>How long an open circuit stays open.</summary>
    public TimeSpan BreakDuration => options.BreakDuration;

    /// <summary>
    /// Runs <paramref name="send"/> through the provider's breaker; null when the circuit is open and nothing was sent.
    /// </summary>
    public async ValueTask<SendOutcome?> ExecuteAsync(string provider, Func<CancellationToken, ValueTask<SendOutcome>> send, CancellationToken cancellationToken)
    {
        var breaker = _breakers.GetOrAdd(provider, Create);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await breaker.Pipeline.ExecuteOutcomeAsync(static async (ctx, send) =>
            {
                try
                {
                    return Outcome.FromResult(await send(ctx.CancellationToken));
                }
                catch (Exception ex)
                {
                    return Outcome.FromException<SendOutcome>(ex);
                }
            }, context, send);
            if (outcome.Exception is BrokenCircuitException)
                return null;
            outcome.ThrowIfException();
            return outcome.Result;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Breaker Create(string provider)
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder<SendOutcome> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<SendOutcome>
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Result == SendResult.Transient || args.Outcome.Exception is not null),
            })
            .Build();
        return new Breaker(pipeline, state);
    }

    private static CircuitState Map(Polly.CircuitBreaker.CircuitState state) => state switch
    {
        Polly.CircuitBreaker.CircuitState.Closed => CircuitState.Closed,
        Polly.CircuitBreaker.CircuitState.HalfOpen => CircuitState.HalfOpen,
        _ => CircuitState.Open,
    };

    private sealed record Breaker(ResiliencePipeline<SendOutcome> Pipeline, CircuitBreakerStateProvider State);
}
