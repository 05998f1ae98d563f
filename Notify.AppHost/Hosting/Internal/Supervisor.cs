namespace Notify.AppHost.Hosting.Internal;

/// <summary>
/// The util-linux programs every child is launched through: <c>setpriv --pdeathsig SIGKILL</c> so that the
/// kernel kills it when we die, and <c>setsid</c> so that a Ctrl-C meant for the AppHost does not reach it
/// directly (the AppHost stops its children itself, in order).
/// </summary>
internal static class Supervisor
{
    private const string Package = "util-linux";

    private static readonly Lazy<(string Setpriv, string Setsid)> Programs = new(() =>
    {
        IEnumerable<string> directories = ExecutableLocator.SystemPath.Concat(["/usr/bin", "/bin"]);
        string setpriv = ExecutableLocator.TryFind("setpriv", directories)
            ?? throw new MissingPrerequisiteException("setpriv", Package);
        string setsid = ExecutableLocator.TryFind("setsid", directories)
            ?? throw new MissingPrerequisiteException("setsid", Package);
        return (setpriv, setsid);
    });

    public static string Setpriv => Programs.Value.Setpriv;

    public static string Setsid => Programs.Value.Setsid;
}
