namespace Notify.Bench.Measurement;

/// <summary>
/// Runs the two clients' timed runs interleaved, swapping which goes first every repeat, so that drift in the
/// server (store growth, cache, a noisy neighbour) does not favour one of them.
/// </summary>
internal static class AlternatingRuns
{
    public static async Task<(List<Sample> Notify, List<Sample>? NatsJs)> RunAsync(int repeats,
        Func<int, Task<Sample>> notify, Func<int, Task<Sample>>? natsJs)
    {
        var notifySamples = new List<Sample>(repeats);
        var natsJsSamples = natsJs is null ? null : new List<Sample>(repeats);
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            if (natsJs is null || repeat % 2 == 0)
            {
                notifySamples.Add(await notify(repeat));
                if (natsJs is not null)
                    natsJsSamples!.Add(await natsJs(repeat));
            }
            else
            {
                natsJsSamples!.Add(await natsJs(repeat));
                notifySamples.Add(await notify(repeat));
            }
        }
        return (notifySamples, natsJsSamples);
    }
}
