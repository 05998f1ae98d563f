using Notify.Core.Notifications;
using Notify.Dispatcher.Scheduling;

namespace Notify.Tests.Dispatcher;

public sealed class PriorityPickerTests
{
    private static bool[] Waiting(params Priority[] priorities)
    {
        var waiting = new bool[Priorities.All.Count];
        foreach (var p in priorities) waiting[(int)p] = true;
        return waiting;
    }

    [Fact]
    public void Critical_goes_before_everything_waiting()
    {
        var picker = new PriorityPicker();
        Assert.Equal(Priority.Critical, picker.Pick(Waiting(Priority.Low, Priority.Critical, Priority.Normal), PriorityPolicy.Default));
    }

    [Fact]
    public void Nothing_waiting_picks_nothing()
    {
        Assert.Null(new PriorityPicker().Pick(Waiting(), PriorityPolicy.Default));
    }

    [Fact]
    public void Low_gets_one_pick_after_the_starvation_guard_of_higher_picks()
    {
        var picker = new PriorityPicker();
        var policy = PriorityPolicy.Default with { StarvationGuard = 5 };
        var picks = Enumerable.Range(0, 12).Select(_ => picker.Pick(Waiting(Priority.Critical, Priority.Low), policy)).ToList();
        Assert.Equal(Enumerable.Repeat<Priority?>(Priority.Critical, 5), picks.Take(5));
        Assert.Equal(Priority.Low, picks[5]);
        Assert.Equal(Enumerable.Repeat<Priority?>(Priority.Critical, 5), picks.Skip(6).Take(5));
        Assert.Equal(Priority.Low, picks[11]);
    }

    [Fact]
    public void A_guard_of_zero_is_strict_priority()
    {
        var picker = new PriorityPicker();
        var policy = PriorityPolicy.Default with { StarvationGuard = 0 };
        var picks = Enumerable.Range(0, 100).Select(_ => picker.Pick(Waiting(Priority.High, Priority.Low), policy));
        Assert.All(picks, p => Assert.Equal(Priority.High, p));
    }

    [Fact]
    public void A_priority_that_was_empty_starts_its_wait_afresh()
    {
        var picker = new PriorityPicker();
        var policy = PriorityPolicy.Default with { StarvationGuard = 3 };
        picker.Pick(Waiting(Priority.Critical, Priority.Low), policy);
        picker.Pick(Waiting(Priority.Critical, Priority.Low), policy);
        picker.Pick(Waiting(Priority.Critical), policy); // low drained meanwhile
        Assert.Equal(Priority.Critical, picker.Pick(Waiting(Priority.Critical, Priority.Low), policy));
    }

    [Fact]
    public void Critical_cannot_be_paused()
    {
        var policy = PriorityPolicy.Default with { Paused = [Priority.Critical, Priority.Low] };
        Assert.False(policy.IsPaused(Priority.Critical));
        Assert.True(policy.IsPaused(Priority.Low));
    }
}
