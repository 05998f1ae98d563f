namespace Notify.AppHost.Hosting;

/// <summary>
/// A Maildir the SMTP server delivers into; each message is a file in <see cref="NewDirectory"/>, complete once
/// it is there (the server writes to <c>tmp/</c> and renames).
/// </summary>
/// <param name="path">The Maildir's root (holding <c>new/</c>, <c>cur/</c>, <c>tmp/</c>).</param>
public sealed class Maildir(string path)
{
    /// <summary>The Maildir's root.</summary>
    public string Path { get; } = path;

    /// <summary>Where delivered messages are.</summary>
    public string NewDirectory => System.IO.Path.Combine(Path, "new");

    /// <summary>The messages delivered so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> ReadMessages()
    {
        if (!Directory.Exists(NewDirectory))
        {
            return [];
        }

        return new DirectoryInfo(NewDirectory)
            .EnumerateFiles()
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => ReceivedMail.Load(file.FullName))
            .ToList();
    }

    /// <summary>Removes every delivered message.</summary>
    public void Clear()
    {
        if (Directory.Exists(NewDirectory))
        {
            foreach (string file in Directory.EnumerateFiles(NewDirectory))
            {
                File.Delete(file);
            }
        }
    }
}
