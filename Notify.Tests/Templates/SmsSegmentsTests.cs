using Notify.Core.Templates;

namespace Notify.Tests.Templates;

public sealed class SmsSegmentsTests
{
    public static TheoryData<string, SmsEncoding, int, int> Texts => new()
    {
        { "", SmsEncoding.Gsm7, 0, 0 },
        { "Your order o-42 is out for delivery.", SmsEncoding.Gsm7, 36, 1 },
        { new string('a', 160), SmsEncoding.Gsm7, 160, 1 },
        { new string('a', 161), SmsEncoding.Gsm7, 161, 2 },
        { new string('a', 306), SmsEncoding.Gsm7, 306, 2 },
        { new string('a', 307), SmsEncoding.Gsm7, 307, 3 },
        // Every extension-table character costs two septets: escape plus character.
        { "€", SmsEncoding.Gsm7, 2, 1 },
        { "^{}[]~\\|", SmsEncoding.Gsm7, 16, 1 },
        { new string('€', 80), SmsEncoding.Gsm7, 160, 1 },
        { new string('€', 81), SmsEncoding.Gsm7, 162, 2 },
        // 152 plain septets then a two-septet character: the pair does not fit the first part's last septet.
        { new string('a', 152) + "{" + new string('a', 10), SmsEncoding.Gsm7, 164, 2 },
        { new string('a', 152) + "{" + new string('a', 152), SmsEncoding.Gsm7, 306, 3 },
        // GSM-7's own letters beyond ASCII stay GSM-7; anything else makes the whole text UCS-2.
        { "Grüße aus Köln, Ñandu, Ø, ΔΩ", SmsEncoding.Gsm7, 28, 1 },
        { "Bonne journée ç", SmsEncoding.Ucs2, 15, 1 },
        { "Your order is here 🍕", SmsEncoding.Ucs2, 21, 1 },
        { new string('ы', 70), SmsEncoding.Ucs2, 70, 1 },
        { new string('ы', 71), SmsEncoding.Ucs2, 71, 2 },
        { new string('ы', 134), SmsEncoding.Ucs2, 134, 2 },
        { new string('ы', 135), SmsEncoding.Ucs2, 135, 3 },
        // An emoji is a surrogate pair (two units) that never straddles two parts.
        { new string('ы', 66) + "🍕" + new string('ы', 10), SmsEncoding.Ucs2, 78, 2 },
        { new string('ы', 66) + "🍕" + new string('ы', 66), SmsEncoding.Ucs2, 134, 3 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Texts_are_measured_in_their_encodings_segments(string text, SmsEncoding encoding, int units, int segments)
    {
        var measure = SmsSegments.Measure(text);

        Assert.Equal((encoding, units, segments), (measure.Encoding, measure.Units, measure.Segments));
    }
}
