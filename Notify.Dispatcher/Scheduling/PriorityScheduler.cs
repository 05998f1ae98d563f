using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Dispatcher.Delivery;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// Feeds each priority's durable consumer (shared by every replica) into a small buffer, and runs the waiting
/// messages on a bounded pool of workers in the order the <see cref="PriorityPolicy"/> says. A critical message that
/// arrives behind a backlog of promotions waits only for the next free worker, never for the backlog; while critical
/// messages flow, and while the replica warms up after its start (<see cref="DispatcherOptions.WarmUp"/>), the
/// priorities the policy marks as yielding are held to a few deliveries at a time (<see cref="PriorityPolicy.YieldingInFlight"/>).
/// </summary>
public sealed partial class PriorityScheduler(
    INatsJSContext js,
    DispatcherOptions options,
    PriorityPolicySource policy,
    DeliveryPipeline pipeline,
    TimeProvider time,
    ILogger<PriorityScheduler> logger) : BackgroundService
{
    private readonly Channel<INatsJSMsg<NotificationEnvelope>>[] _buffers = [.. Priorities.All.Select(_ => System.Threading.Channels.Channel.CreateBounded<INatsJSMsg<NotificationEnvelope>>(
        new BoundedChannelOptions(Math.Max(1, options.BufferPerPriority)) { SingleReader = true, SingleWriter = true }))];
    // Set when a message arrives and when a delivery other than critical ends: the dispatch loop then looks again.
    private readonly WakeSignal _wake = new();
    private readonly int[] _inFlight = new int[Priorities.All.Count];
    private readonly CriticalYield _yield = new(time);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.WarmUp > TimeSpan.Zero)
            _yield.WarmUp(options.WarmUp);
        var feeders = Priorities.All.Select(p => FeedAsync(p, stoppingToken)).ToArray();
        try
        {
            await DispatchAsync(stoppingToken);
        }
        finally
        {
            await Task.WhenAll(feeders);
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        using var workers = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        var picker = new PriorityPicker();
        var running = new HashSet<Task>();
        var waiting = new bool[_buffers.Length];
        try
        {
            while (true)
            {
                await workers.WaitAsync(stoppingToken);
                Priority priority;
                while (true)
                {
                    var woken = _wake.Arm();
                    var current = policy.Current;
                    for (var p = 0; p < _buffers.Length; p++)
                        waiting[p] = _buffers[p].Reader.Count > 0 && !_yield.Holds((Priority)p, Volatile.Read(ref _inFlight[p]), current);
                    if (picker.Pick(waiting, current) is { } picked)
                    {
                        priority = picked;
                        break;
                    }
                    // Nothing may run now: wait for a message, for a yielding delivery to end, or for the yield to lapse.
                    var yieldFor = _yield.Remaining(current);
                    try
                    {
                        await (yieldFor > TimeSpan.Zero ? woken.WaitAsync(yieldFor, time, stoppingToken) : woken.WaitAsync(stoppingToken));
                    }
                    catch (TimeoutException)
                    {
                        // the yield lapsed: look again
                    }
                }
                _buffers[(int)priority].Reader.TryRead(out var msg);
                if (priority == Priority.Critical)
                    _yield.CriticalTaken();
                Interlocked.Increment(ref _inFlight[(int)priority]);
                var work = RunAsync(msg!, priority, workers);
                lock (running) running.Add(work);
                _ = work.ContinueWith(t => { lock (running) running.Remove(t); }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Task[] left;
            lock (running) left = [.. running];
            await Task.WhenAll(left); // let deliveries in progress settle their messages
        }
    }

    private async Task RunAsync(INatsJSMsg<NotificationEnvelope> msg, Priority priority, SemaphoreSlim workers)
    {
        try
        {
            await pipeline.ProcessAsync(msg, priority, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The pipeline settles every message itself; reaching here is a bug. Leave the message unacked so
            // JetStream redelivers it after the ack wait, and say so loudly.
            LogPipelineFault(ex, msg.Subject);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight[(int)priority]);
            workers.Release();
            if (priority != Priority.Critical)
                _wake.Set();
        }
    }

    private async Task FeedAsync(Priority priority, CancellationToken stoppingToken)
    {
        var buffer = _buffers[(int)priority].Writer;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (policy.Current.IsPaused(priority))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            using var feeding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            void OnChanged(PriorityPolicy changed)
            {
                if (changed.IsPaused(priority))
                    feeding.Cancel();
            }
            policy.Changed += OnChanged;
            try
            {
                var consumer = await js.GetConsumerAsync(Subjects.Stream(priority), Subjects.DispatchConsumer, feeding.Token);
                var opts = new NatsJSConsumeOpts { MaxMsgs = options.Prefetch.GetValueOrDefault(priority, 128), Expires = options.PullExpires };
                // Typed: NATS.Net deserializes on its read loop, and a body that is not a notification arrives with
                // msg.Error set, for the pipeline to dead-letter.
                await foreach (var msg in consumer.ConsumeAsync(NotifySerializer<NotificationEnvelope>.Default, opts, feeding.Token))
                {
                    await buffer.WriteAsync(msg, feeding.Token);
                    _wake.Set();
                }
            }
            catch (OperationCanceledException) when (feeding.IsCancellationRequested)
            {
                // stopping, or the priority was paused
            }
            catch (NatsException ex)
            {
                LogFeedFailed(priority.ToWire(), ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                policy.Changed -= OnChanged;
            }
        }
    }

    [LoggerMessage(LogLevel.Critical, "Delivery pipeline fault on {Subject}; the message will be redelivered")]
    private partial void LogPipelineFault(Exception exception, string subject);

    [LoggerMessage(LogLevel.Warning, "Consumer of priority {Priority} failed: {Error}; retrying")]
    private partial void LogFeedFailed(string priority, string error);

    /// <summary>
    /// Wakes the dispatch loop: <see cref="Arm"/> before looking at the buffers, then await the task it returned if
    /// nothing can run; a <see cref="Set"/> after arming completes it, so no wake-up is lost between the look and the wait.
    /// </summary>
    private sealed class WakeSignal
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Arm()
        {
            var current = Volatile.Read(ref _next);
            if (!current.Task.IsCompleted)
                return current.Task;
            Interlocked.CompareExchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
            return Volatile.Read(ref _next).Task;
        }

        public void Set() => Volatile.Read(ref _next).TrySetResult();
    }
}
