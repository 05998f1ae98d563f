using Notify.AppHost.Hosting.Internal;

namespace Notify.Tests.Deployment;

/// <summary>Files of the checkout the tests were built from (the deployment manifests, the schema).</summary>
internal static class RepositoryFiles
{
    public static string PathOf(params string[] parts) => Path.Combine([RepositoryRoot.OfThisBuild(), .. parts]);
}
