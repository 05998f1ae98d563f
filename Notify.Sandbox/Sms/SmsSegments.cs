using System.Buffers;

namespace Notify.Sandbox.Sms;

/// <summary>
/// How many SMS segments a text takes: GSM-7 when every character is in the GSM 03.38 alphabet (160 alone, 153 per
/// part when concatenated; extension characters take two), otherwise UCS-2 (70 alone, 67 per part).
/// </summary>
public static class SmsSegments
{
    private static readonly SearchValues<char> Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    private static readonly SearchValues<char> Extension = SearchValues.Create("\f^{}\\[~]|€");

    /// <summary>The number of segments <paramref name="body"/> is sent in.</summary>
    public static int Count(string body)
    {
        int septets = 0;
        foreach (char c in body)
        {
            if (Basic.Contains(c))
            {
                septets++;
            }
            else if (Extension.Contains(c))
            {
                septets += 2;
            }
            else
            {
                return Split(body.Length, single: 70, perPart: 67);
            }
        }

        return Split(septets, single: 160, perPart: 153);
    }

    private static int Split(int units, int single, int perPart) =>
        units <= single ? 1 : (units + perPart - 1) / perPart;
}
