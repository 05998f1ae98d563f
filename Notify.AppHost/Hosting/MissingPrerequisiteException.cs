namespace Notify.AppHost.Hosting;

/// <summary>
/// A program a resource needs is not installed. The message is one line that names the Debian package,
/// e.g. <c>nats-server not found on PATH; install it with: sudo apt-get install nats-server</c>.
/// </summary>
public sealed class MissingPrerequisiteException : Exception
{
    /// <summary>Creates the exception for <paramref name="executable"/>, installed by <paramref name="aptPackage"/>.</summary>
    public MissingPrerequisiteException(string executable, string aptPackage)
        : base($"{executable} not found on PATH; install it with: sudo apt-get install {aptPackage}")
    {
        Executable = executable;
        AptPackage = aptPackage;
    }

    /// <summary>The program that was looked for.</summary>
    public string Executable { get; }

    /// <summary>The Debian package that installs it.</summary>
    public string AptPackage { get; }
}
