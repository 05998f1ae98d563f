namespace Notify.Bench.Workloads;

/// <summary>How a consumer is read: one fetch after another, or a continuous consume.</summary>
internal enum ConsumeMode
{
    Fetch,
    Consume,
}
