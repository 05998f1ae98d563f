using System.Diagnostics;

namespace Notify.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate authority and a server certificate it signed for 127.0.0.1 and localhost, made with
/// openssl in a temporary directory that disposal deletes: what a server that requires TLS needs in a test.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory) => Directory = directory;

    /// <summary>The temporary directory holding the files.</summary>
    public string Directory { get; }

    /// <summary>PEM certificate of the authority, for clients to trust.</summary>
    public string CaFile => Path.Combine(Directory, "ca.pem");

    /// <summary>PEM certificate of the server.</summary>
    public string ServerCertFile => Path.Combine(Directory, "server.pem");

    /// <summary>PEM key of the server certificate.</summary>
    public string ServerKeyFile => Path.Combine(Directory, "server-key.pem");

    /// <summary>Makes the authority and the server certificate.</summary>
    public static async Task<TestCertificates> CreateAsync()
    {
        var certificates = new TestCertificates(System.IO.Directory.CreateTempSubdirectory("notify-tls-").FullName);
        try
        {
            await certificates.OpenSslAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Notify test CA",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
            await File.WriteAllTextAsync(Path.Combine(certificates.Directory, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            await certificates.OpenSslAsync("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", "server-key.pem", "-out", "server.csr");
            await certificates.OpenSslAsync("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                "-days", "2", "-extfile", "server.ext", "-out", "server.pem");
            return certificates;
        }
        catch
        {
            certificates.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A server still holding a file: the temporary directory is cleaned with the rest later.
        }
    }

    private async Task OpenSslAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = Directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
    }
}
