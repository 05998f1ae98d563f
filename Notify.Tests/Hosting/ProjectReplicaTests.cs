using Notify.AppHost.Hosting;

namespace Notify.Tests.Hosting;

public sealed class ProjectReplicaTests
{
    private static readonly ProjectResourceOptions Dispatcher = new() { Name = "dispatcher", ProjectPath = "Notify.Dispatcher/Notify.Dispatcher.csproj" };

    [Fact]
    public void Replicas_are_named_by_index_count_up_from_a_fixed_port_and_share_the_service_name()
    {
        IReadOnlyList<ProjectResourceOptions> replicas = (Dispatcher with { Port = 5100 }).Replicas(3);

        Assert.Equal(["dispatcher-0", "dispatcher-1", "dispatcher-2"], replicas.Select(replica => replica.Name));
        Assert.Equal([5100, 5101, 5102], replicas.Select(replica => replica.Port!.Value));
        Assert.All(replicas, replica => Assert.Equal("dispatcher", replica.ServiceName));
    }

    [Fact]
    public void Replicas_of_a_service_without_a_fixed_port_each_get_a_free_one()
    {
        IReadOnlyList<ProjectResource> replicas = ProjectResource.CreateReplicas(Dispatcher, 2);

        Assert.All(Dispatcher.Replicas(2), replica => Assert.Null(replica.Port));
        Assert.Equal(["dispatcher-0", "dispatcher-1"], replicas.Select(replica => replica.Name));
        Assert.All(replicas, replica => Assert.Equal("dispatcher", replica.ServiceName));
        Assert.Empty(ProjectResource.CreateReplicas(Dispatcher, 0));
    }
}
