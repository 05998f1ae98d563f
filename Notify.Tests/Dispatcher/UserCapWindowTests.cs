using Notify.Dispatcher.Caps;

namespace Notify.Tests.Dispatcher;

public sealed class UserCapWindowTests
{
    [Fact]
    public void A_day_is_the_users_calendar_day_in_their_time_zone()
    {
        var lateEveningUtc = new DateTimeOffset(2025, 6, 30, 23, 30, 0, TimeSpan.Zero);

        var berlin = UserCaps.LocalTime(lateEveningUtc, "Europe/Berlin");
        var (start, length) = UserCaps.WindowOf(berlin, CapWindow.Day);

        Assert.Equal(new DateTime(2025, 7, 1), start); // already tomorrow in Berlin (UTC+2)
        Assert.Equal(TimeSpan.FromDays(1), length);
        Assert.Equal(new DateTime(2025, 6, 30), UserCaps.WindowOf(UserCaps.LocalTime(lateEveningUtc, null), CapWindow.Day).Start);
        Assert.Equal(new DateTime(2025, 7, 1, 1, 30, 0), UserCaps.WindowOf(berlin, CapWindow.Minute).Start);
    }
}
