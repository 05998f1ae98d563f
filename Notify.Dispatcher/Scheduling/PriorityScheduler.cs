using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Notify.Core.Messaging;
using Notify.Core.Notifications;
using Notify.Dispatcher.Delivery;
using Notify.Nats;
using Notify.Nats.JetStream;

namespace Notify.Dispatcher.Scheduling;

/// <summary>
/// Feeds each priority's durable consumer (shared by every replica) into a small buffer, and runs the waiting
/// messages on a bounded pool of workers in the order the <see cref="PriorityPolicy"/> says. A critical message that
/// arrives behind a backlog of promotions waits only for the next free worker, never for the backlog.
/// </summary>
public sealed partial class PriorityScheduler(
    NatsJSContext js,
    DispatcherOptions options,
    PriorityPolicySource policy,
    DeliveryPipeline pipeline,
    ILogger<PriorityScheduler> logger) : BackgroundService
{
    private readonly Channel<NatsJSMsg>[] _buffers = [.. Priorities.All.Select(_ => System.Threading.Channels.Channel.CreateBounded<NatsJSMsg>(
        new BoundedChannelOptions(Math.Max(1, options.BufferPerPriority)) { SingleReader = true, SingleWriter = true }))];
    private readonly SemaphoreSlim _waiting = new(0, int.MaxValue);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                await _waiting.WaitAsync(stoppingToken);
                for (var p = 0; p < _buffers.Length; p++)
                    waiting[p] = _buffers[p].Reader.Count > 0;
                var priority = picker.Pick(waiting, policy.Current)!.Value;
                _buffers[(int)priority].Reader.TryRead(out var msg);
                var work = RunAsync(msg, priority, workers);
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

    private async Task RunAsync(NatsJSMsg msg, Priority priority, SemaphoreSlim workers)
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
            workers.Release();
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
                await foreach (var msg in consumer.ConsumeAsync(opts, feeding.Token))
                {
                    await buffer.WriteAsync(msg, feeding.Token);
                    _waiting.Release();
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
}
