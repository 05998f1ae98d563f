namespace Notify.Tests.ServiceDefaults;

/// <summary>One span as an OTLP export request carries it; ids in lowercase hex, an empty parent for a root span.</summary>
/// <param name="Kind">OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer.</param>
internal sealed record OtlpSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind)
{
    public const int Server = 2;
    public const int Client = 3;
    public const int Producer = 4;
    public const int Consumer = 5;

    public override string ToString() => $"{Service}: {Name} (kind {Kind}, span {SpanId}, parent {ParentSpanId})";
}
