using Notify.AppHost.Hosting.Internal;

namespace Notify.Tests.Hosting;

public sealed class StateDirectoryTests
{
    [Fact]
    public async Task Temporary_state_left_by_a_dead_process_is_swept_and_live_ones_are_kept()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory("notify-test-sweep-root-");
        try
        {
            int deadPid = await PidOfAFinishedProcessAsync();
            string stale = Directory.CreateDirectory(Path.Combine(root.FullName, $"notify-nats-{deadPid}-abc123")).FullName;
            string ours = Directory.CreateDirectory(Path.Combine(root.FullName, $"notify-nats-{Environment.ProcessId}-def456")).FullName;
            string unrelated = Directory.CreateDirectory(Path.Combine(root.FullName, "notify-something-else")).FullName;

            int deleted = StateDirectories.SweepStale(root.FullName);

            Assert.Equal(1, deleted);
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(ours));
            Assert.True(Directory.Exists(unrelated));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Processes_sweeping_the_same_stale_state_at_once_do_not_fail()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory("notify-test-sweep-race-");
        try
        {
            int deadPid = await PidOfAFinishedProcessAsync();
            for (int i = 0; i < 200; i++)
            {
                string stale = Directory.CreateDirectory(Path.Combine(root.FullName, $"notify-nats-{deadPid}-r{i}")).FullName;
                for (int j = 0; j < 5; j++)
                    Directory.CreateDirectory(Path.Combine(stale, $"jetstream-{j}", "data"));
            }

            int[] deleted = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => StateDirectories.SweepStale(root.FullName))));

            Assert.Empty(root.EnumerateDirectories());
            Assert.InRange(deleted.Sum(), 1, 800);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("notify-nats-1234-AbC123", 1234)]
    [InlineData("notify-my-service-77-x1y2z3", 77)]
    [InlineData("notify-nats", null)]
    [InlineData("notify-nats-abc-x1", null)]
    public void Owner_pid_is_read_from_the_directory_name(string name, int? pid)
    {
        Assert.Equal(pid, StateDirectories.OwnerPid(name));
    }

    private static async Task<int> PidOfAFinishedProcessAsync()
    {
        using var process = System.Diagnostics.Process.Start("true");
        await process.WaitForExitAsync();
        return process.Id;
    }
}
