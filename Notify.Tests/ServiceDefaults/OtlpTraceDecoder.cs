using System.Text;

namespace Notify.Tests.ServiceDefaults;

/// <summary>
/// Reads the spans out of an OTLP/HTTP <c>ExportTraceServiceRequest</c> (protobuf), with just enough of the wire
/// format for the fields a trace test needs: the resource's <c>service.name</c>, trace and span ids, parent, name, kind.
/// </summary>
internal static class OtlpTraceDecoder
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public static IReadOnlyList<OtlpSpan> Decode(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in Messages(request, field: 1))
        {
            string service = "";
            foreach (var resource in Messages(resourceSpans, field: 1))
            {
                foreach (var attribute in Messages(resource, field: 1))
                {
                    if (String(attribute, 1) == "service.name")
                        service = Messages(attribute, 2).Select(value => String(value, 1)).FirstOrDefault() ?? "";
                }
            }

            foreach (var scopeSpans in Messages(resourceSpans, field: 2))
            {
                foreach (var span in Messages(scopeSpans, field: 2))
                {
                    int kind = (int)Fields(span).Where(f => f.Number == 6).Select(f => f.Value).FirstOrDefault();
                    spans.Add(new OtlpSpan(service, Hex(span, 1), Hex(span, 2), Hex(span, 4), String(span, 5), kind));
                }
            }
        }

        return spans;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int field) =>
        Fields(message).Where(f => f.Number == field && f.WireType == LengthDelimited).Select(f => f.Bytes);

    private static string String(ReadOnlyMemory<byte> message, int field) =>
        Messages(message, field).Select(bytes => Encoding.UTF8.GetString(bytes.Span)).FirstOrDefault() ?? "";

    private static string Hex(ReadOnlyMemory<byte> message, int field) =>
        Messages(message, field).Select(bytes => Convert.ToHexStringLower(bytes.Span)).FirstOrDefault() ?? "";

    private static IEnumerable<(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Bytes)> Fields(ReadOnlyMemory<byte> message)
    {
        int position = 0;
        while (position < message.Length)
        {
            ulong key = ReadVarint(message.Span, ref position);
            int number = (int)(key >> 3), wireType = (int)(key & 7);
            switch (wireType)
            {
                case Varint:
                    yield return (number, wireType, ReadVarint(message.Span, ref position), default);
                    break;
                case Fixed64:
                    position += 8;
                    break;
                case Fixed32:
                    position += 4;
                    break;
                case LengthDelimited:
                    int length = checked((int)ReadVarint(message.Span, ref position));
                    yield return (number, wireType, 0, message.Slice(position, length));
                    position += length;
                    break;
                default:
                    throw new FormatException($"protobuf wire type {wireType} at byte {position}");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
