using System.Globalization;

namespace Notify.Tests.Hosting;

/// <summary>What <c>/proc</c> says about processes: alive (zombies are not), their user, their command lines.</summary>
internal static class ProcessTable
{
    public static bool IsAlive(int pid)
    {
        string? state = ReadStatus(pid, "State:");
        return state is not null && !state.StartsWith('Z');
    }

    /// <summary>The real uid of a running process.</summary>
    public static int Uid(int pid)
    {
        string uids = ReadStatus(pid, "Uid:") ?? throw new InvalidOperationException($"process {pid} is gone");
        return int.Parse(uids.Split('\t', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    /// <summary>The uid of a user from /etc/passwd.</summary>
    public static int UidOf(string user)
    {
        string line = File.ReadLines("/etc/passwd").First(entry => entry.StartsWith(user + ":", StringComparison.Ordinal));
        return int.Parse(line.Split(':')[2], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Live processes working in <paramref name="directory"/> or below it, or naming it on their command line:
    /// our servers run in their state directory, and PostgreSQL's backends in its data directory.
    /// </summary>
    public static IReadOnlyList<int> UsingDirectory(string directory)
    {
        var pids = new List<int>();
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string? commandLine = Read(Path.Combine(entry, "cmdline"))?.Replace('\0', ' ');
            string? workingDirectory = WorkingDirectory(entry);
            bool uses = commandLine?.Contains(directory, StringComparison.Ordinal) == true
                || workingDirectory?.StartsWith(directory, StringComparison.Ordinal) == true;
            if (uses && IsAlive(pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>The live processes whose parent is <paramref name="parentPid"/> (the AppHost's children: servers and services).</summary>
    public static IReadOnlyList<int> ChildrenOf(int parentPid)
    {
        var pids = new List<int>();
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            // /proc/PID/stat is "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
            if (int.TryParse(Path.GetFileName(entry), out int pid)
                && Read(Path.Combine(entry, "stat")) is { } stat
                && stat[(stat.LastIndexOf(')') + 2)..].Split(' ') is [_, var ppid, ..]
                && ppid == parentPid.ToString(CultureInfo.InvariantCulture)
                && IsAlive(pid))
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>The value of <paramref name="variable"/> in the environment a process was started with, or null.</summary>
    public static string? EnvironmentVariable(int pid, string variable)
    {
        string prefix = variable + "=";
        return Read($"/proc/{pid}/environ")?.Split('\0').FirstOrDefault(entry => entry.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    private static string? WorkingDirectory(string procEntry)
    {
        try
        {
            return new DirectoryInfo(Path.Combine(procEntry, "cwd")).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended, or is not ours to inspect.
            return null;
        }
    }

    private static string? ReadStatus(int pid, string field)
    {
        string? status = Read($"/proc/{pid}/status");
        return status?.Split('\n').FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal))?[field.Length..].Trim();
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // The process ended between listing /proc and reading it.
            return null;
        }
    }
}
