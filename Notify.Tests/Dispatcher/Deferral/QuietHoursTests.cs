using Notify.Core.Users;

namespace Notify.Tests.Dispatcher.Deferral;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0));
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void A_window_crossing_midnight_ends_the_next_local_morning()
    {
        // 23:30 in New York (EST, UTC-5) on 10 January.
        var end = Night.EndAfter(new DateTimeOffset(2027, 1, 11, 4, 30, 0, TimeSpan.Zero), NewYork);

        Assert.Equal(new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void After_midnight_inside_the_window_it_ends_the_same_morning()
    {
        var end = Night.EndAfter(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), NewYork); // 03:00 local

        Assert.Equal(new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.Zero), end);
    }

    [Theory]
    [InlineData(12)] // 07:00 local: the window is closed at its end
    [InlineData(20)] // 15:00 local
    [InlineData(2)]  // 21:00 local
    public void Outside_the_window_there_is_no_end(int utcHour)
    {
        Assert.Null(Night.EndAfter(new DateTimeOffset(2027, 1, 11, utcHour, 0, 0, TimeSpan.Zero), NewYork));
    }

    [Fact]
    public void A_spring_forward_inside_the_window_moves_its_end_an_hour_earlier_in_utc()
    {
        // Europe/London springs forward on 28 March 2027 at 01:00 UTC. 23:30 GMT the evening before; 07:00 BST = 06:00 UTC.
        var end = Night.EndAfter(new DateTimeOffset(2027, 3, 27, 23, 30, 0, TimeSpan.Zero), London);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 6, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void A_fall_back_inside_the_window_moves_its_end_an_hour_later_in_utc()
    {
        // Europe/London falls back on 31 October 2027 at 01:00 UTC. 23:30 BST the evening before; 07:00 GMT = 07:00 UTC.
        var end = Night.EndAfter(new DateTimeOffset(2027, 10, 30, 22, 30, 0, TimeSpan.Zero), London);

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 7, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void An_end_in_the_skipped_hour_is_when_the_clock_jumps_past_it()
    {
        var early = new QuietHours(new TimeOnly(23, 0), new TimeOnly(1, 30)); // 01:30 does not exist in London on 28 March 2027

        var end = early.EndAfter(new DateTimeOffset(2027, 3, 28, 0, 15, 0, TimeSpan.Zero), London);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), end); // 02:00 BST
    }

    [Fact]
    public void A_daytime_window_holds_only_inside_it()
    {
        var afternoon = new QuietHours(new TimeOnly(13, 0), new TimeOnly(15, 0));

        Assert.Equal(new DateTimeOffset(2027, 1, 11, 15, 0, 0, TimeSpan.Zero), afternoon.EndAfter(new DateTimeOffset(2027, 1, 11, 14, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
        Assert.Null(afternoon.EndAfter(new DateTimeOffset(2027, 1, 11, 16, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
    }
}
