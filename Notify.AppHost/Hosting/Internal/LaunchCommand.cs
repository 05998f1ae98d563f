using System.Diagnostics;

namespace Notify.AppHost.Hosting.Internal;

/// <summary>A program to run as a supervised child: what, with which arguments, as whom, where.</summary>
internal sealed record LaunchCommand(string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>Run as this user (switched by <c>setpriv</c>, which execs without another fork); null keeps ours.</summary>
    public string? RunAsUser { get; init; }

    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>setpriv --pdeathsig SIGKILL [--reuid …] -- setsid EXECUTABLE ARGS…</c>: each program execs the next,
    /// so the pid we get is the pid of <see cref="Executable"/> itself, and it dies with us.
    /// </summary>
    public ProcessStartInfo ToStartInfo()
    {
        var info = new ProcessStartInfo(Supervisor.Setpriv)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = WorkingDirectory ?? "/",
        };

        info.ArgumentList.Add("--pdeathsig");
        info.ArgumentList.Add("SIGKILL");
        if (RunAsUser is { } user)
        {
            info.ArgumentList.Add($"--reuid={user}");
            info.ArgumentList.Add($"--regid={user}");
            info.ArgumentList.Add("--init-groups");
        }

        info.ArgumentList.Add("--");
        info.ArgumentList.Add(Supervisor.Setsid);
        info.ArgumentList.Add(Executable);
        foreach (string argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public override string ToString() => $"{Executable} {string.Join(' ', Arguments)}";
}
