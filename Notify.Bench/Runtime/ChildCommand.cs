using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Notify.Bench.Runtime;

/// <summary>
/// Runs a program to completion and returns its stdout; its stderr goes to the bench log. The child is killed
/// (with its own children) when the bench stops waiting for it, and with <paramref name="tieToStdin"/> it also
/// sees stdin close if the bench dies without that chance.
/// </summary>
internal static class ChildCommand
{
    public sealed record Result(int ExitCode, string Output);

    /// <exception cref="Win32Exception">The program is not installed.</exception>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        BenchLog log, string logName, bool tieToStdin, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = tieToStdin,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                output.AppendLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                log.Child(logName, e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
            return new Result(process.ExitCode, output.ToString());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }
}
