namespace Notify.Bench.NatsJs;

/// <summary>Finds <c>Notify.Bench/peer</c> in the source tree, from the build output or the working directory.</summary>
internal static class PeerDirectory
{
    public static string? Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(directory.FullName, "peer"), Path.Combine(directory.FullName, "Notify.Bench", "peer") })
                {
                    if (File.Exists(Path.Combine(candidate, "bench.mjs")) && File.Exists(Path.Combine(candidate, "package-lock.json")))
                        return candidate;
                }
            }
        }
        return null;
    }
}
