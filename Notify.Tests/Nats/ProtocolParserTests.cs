using System.Buffers;
using System.Text;
using Notify.Nats;
using Notify.Nats.Internal;

namespace Notify.Tests.Nats;

public sealed class ProtocolParserTests
{
    private const string ValidStream =
        "INFO {\"server_id\":\"NABC\",\"version\":\"2.9.10\",\"headers\":true,\"max_payload\":1048576}\r\n" +
        "PING\r\n" +
        "PONG\r\n" +
        "+OK\r\n" +
        "MSG orders.created 1 5\r\nhello\r\n" +
        "MSG orders.created 12 _INBOX.abc.7 0\r\n\r\n" +
        "HMSG orders.updated 3 24 29\r\nNATS/1.0\r\nKey: Value\r\n\r\nworld\r\n" +
        "HMSG _INBOX.abc.9 4 $JS.ACK.S.C.1.2.3.1700000000000000000.0 16 16\r\nNATS/1.0 503\r\n\r\n\r\n" +
        "MSG bin 5 6\r\n\r\nMSG \r\n" +
        "msg lower.case 6 2\r\nok\r\n" +
        "MSG\ttabbed\t7\t1\r\nt\r\n" +
        "-ERR 'Authorization Violation'\r\n" +
        "INFO {\"ldm\":true}\r\n";

    private static readonly byte[] Valid = Encoding.UTF8.GetBytes(ValidStream);
    private static readonly IReadOnlyList<Op> Expected = ParseWhole(Valid);

    [Fact]
    public void Every_operation_kind_is_parsed()
    {
        Op[] expected =
        [
            new Op(ServerOpKind.Info, "", 0, "", null, "", "{\"server_id\":\"NABC\",\"version\":\"2.9.10\",\"headers\":true,\"max_payload\":1048576}"),
            new Op(ServerOpKind.Ping, "", 0, "", null, "", ""),
            new Op(ServerOpKind.Pong, "", 0, "", null, "", ""),
            new Op(ServerOpKind.Ok, "", 0, "", null, "", ""),
            new Op(ServerOpKind.Msg, "orders.created", 1, "", null, "hello", ""),
            new Op(ServerOpKind.Msg, "orders.created", 12, "_INBOX.abc.7", null, "", ""),
            new Op(ServerOpKind.Msg, "orders.updated", 3, "", "NATS/1.0\r\nKey: Value\r\n\r\n", "world", ""),
            new Op(ServerOpKind.Msg, "_INBOX.abc.9", 4, "$JS.ACK.S.C.1.2.3.1700000000000000000.0", "NATS/1.0 503\r\n\r\n", "", ""),
            new Op(ServerOpKind.Msg, "bin", 5, "", null, "\r\nMSG ", ""),
            new Op(ServerOpKind.Msg, "lower.case", 6, "", null, "ok", ""),
            new Op(ServerOpKind.Msg, "tabbed", 7, "", null, "t", ""),
            new Op(ServerOpKind.Err, "", 0, "", null, "", "Authorization Violation"),
            new Op(ServerOpKind.Info, "", 0, "", null, "", "{\"ldm\":true}"),
        ];

        Assert.Equal(expected, Expected);
    }

    [Fact]
    public void Operations_split_into_two_segments_at_every_byte_boundary_parse_identically()
    {
        for (int cut = 0; cut <= Valid.Length; cut++)
        {
            ReadOnlySequence<byte> sequence = Segments(Valid[..cut], Valid[cut..]);

            AssertExpected(ParseAll(sequence, out long consumed));
            Assert.Equal(Valid.Length, consumed);
        }
    }

    [Fact]
    public void Operations_split_into_three_segments_at_every_boundary_parse_identically()
    {
        // The second cut follows the first at distances from inside a token to across several operations.
        int[] distances = [0, 1, 2, 3, 5, 8, 13, 31, 64, 127, 255];
        for (int first = 0; first <= Valid.Length; first++)
        {
            foreach (int second in distances.Select(d => first + d).Where(cut => cut <= Valid.Length))
            {
                ReadOnlySequence<byte> sequence = Segments(Valid[..first], Valid[first..second], Valid[second..]);

                AssertExpected(ParseAll(sequence, out _));
            }
        }
    }

    [Fact]
    public void Operations_in_single_byte_segments_parse_identically()
    {
        ReadOnlySequence<byte> sequence = Segments(Valid.Select(b => new[] { b }).ToArray());

        Assert.Equal(Expected, ParseAll(sequence, out _));
    }

    [Fact]
    public void Operations_arriving_in_two_reads_split_at_every_byte_parse_identically()
    {
        for (int cut = 0; cut <= Valid.Length; cut++)
        {
            AssertExpected(ParseStreamed([Valid[..cut], Valid[cut..]]));
        }
    }

    [Fact]
    public void Operations_arriving_one_byte_per_read_parse_identically()
    {
        Assert.Equal(Expected, ParseStreamed(Valid.Select(b => new[] { b }).ToArray()));
    }

    [Fact]
    public void Truncated_input_parses_the_complete_operations_and_leaves_the_rest_unread()
    {
        int[] ends = OperationEnds(Valid);
        for (int length = 0; length <= Valid.Length; length++)
        {
            int complete = ends.Count(end => end <= length);

            List<Op> ops = ParseAll(Segments(Valid[..length]), out long consumed);

            Assert.Equal(Expected.Take(complete), ops);
            Assert.Equal(complete == 0 ? 0 : ends[complete - 1], consumed);
        }
    }

    [Theory]
    [InlineData("BOGUS\r\n")]
    [InlineData("MSG\r\n")]
    [InlineData("MSG a\r\n")]
    [InlineData("MSG a 1\r\n")]
    [InlineData("MSG a b 5\r\nhello\r\n")]
    [InlineData("MSG a 1 five\r\nhello\r\n")]
    [InlineData("MSG a 1 -5\r\nhello\r\n")]
    [InlineData("MSG a 1 r x 5\r\nhello\r\n")]
    [InlineData("MSG a 1 5\r\nhelloXY")]
    [InlineData("HMSG a 1 5\r\nhello\r\n")]
    [InlineData("HMSG a 1 9 9\r\nNATS/1.0\r\n")]
    [InlineData("HMSG a 1 20 10\r\nNATS/1.0\r\n\r\n\r\n")]
    [InlineData("MSG a 1 67108865\r\n")]
    [InlineData("MSG a 1 4294967301\r\nhello\r\n")]
    [InlineData("MSG a 1 18446744073709551621\r\nhello\r\n")]
    [InlineData("HMSG a 1 4294967306 4294967311\r\nNATS/1.0\r\n\r\nhello\r\n")]
    [InlineData("HMSG a 1 12 4294967313\r\nNATS/1.0\r\n\r\nhello\r\n")]
    public void Malformed_operation_is_a_protocol_error(string input)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(input);

        Assert.Throws<NatsProtocolException>(() => ParseAll(Segments(bytes), out _));
    }

    [Fact]
    public void Control_line_longer_than_the_limit_is_a_protocol_error_even_before_its_end_arrives()
    {
        byte[] endless = Encoding.ASCII.GetBytes("INFO " + new string('x', ProtocolParser.MaxControlLine + 10));

        Assert.Throws<NatsProtocolException>(() => ParseAll(Segments(endless), out _));
    }

    [Fact]
    public void Random_and_mangled_input_parses_reports_incomplete_or_fails_as_a_protocol_error()
    {
        var random = new Random(20261121);
        byte[] alphabet = Encoding.ASCII.GetBytes("MSGHPINOKERF+- \t\r\n0123456789.abc_{}\":");
        for (int run = 0; run < 4000; run++)
        {
            byte[] input = (run % 4) switch
            {
                0 => RandomBytes(random, random.Next(0, 120)),
                1 => RandomBytes(random, random.Next(0, 120), alphabet),
                2 => Mangle(random, Valid, alphabet),
                _ => Valid[..random.Next(0, Valid.Length)],
            };

            try
            {
                ParseStreamed(RandomChunks(random, input));
                ParseAll(Segments(RandomChunks(random, input)), out _);
            }
            catch (NatsProtocolException)
            {
                // refusing garbage is the expected outcome for most of these
            }
            catch (Exception ex)
            {
                Assert.Fail($"run {run}: {ex.GetType().Name} ({ex.Message}) on input {Convert.ToHexString(input)}");
            }
        }
    }

    /// <summary>Compares cheaply, and with the full report only on a difference: these loops run thousands of times.</summary>
    private static void AssertExpected(List<Op> ops)
    {
        if (!ops.SequenceEqual(Expected))
        {
            Assert.Equal(Expected, ops);
        }
    }

    /// <summary>Parses as the read loop does: each read appends to what the parser left unconsumed.</summary>
    private static List<Op> ParseStreamed(IReadOnlyList<byte[]> reads)
    {
        var ops = new List<Op>();
        var pending = new List<byte[]>();
        foreach (byte[] read in reads)
        {
            pending.Add(read);
            ReadOnlySequence<byte> buffer = Segments([.. pending]);
            ops.AddRange(ParseAll(buffer, out long consumed));
            byte[] rest = buffer.Slice(consumed).ToArray();
            pending.Clear();
            if (rest.Length > 0)
            {
                pending.Add(rest);
            }
        }

        return ops;
    }

    private static List<Op> ParseAll(ReadOnlySequence<byte> buffer, out long consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var ops = new List<Op>();
        while (true)
        {
            long before = reader.Consumed;
            if (!ProtocolParser.TryRead(ref reader, out ServerOp op))
            {
                if (reader.Consumed != before)
                {
                    Assert.Fail("an incomplete operation left the reader moved");
                }

                break;
            }

            if (reader.Consumed <= before)
            {
                Assert.Fail("a parsed operation consumed nothing");
            }

            ops.Add(Op.From(op));
        }

        consumed = reader.Consumed;
        return ops;
    }

    private static IReadOnlyList<Op> ParseWhole(byte[] bytes) => ParseAll(Segments(bytes), out _);

    private static int[] OperationEnds(byte[] bytes)
    {
        var ends = new List<int>();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        while (ProtocolParser.TryRead(ref reader, out _))
        {
            ends.Add((int)reader.Consumed);
        }

        return [.. ends];
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (byte[] part in parts)
        {
            last = last is null ? first = new Segment(part, 0) : last.Append(part);
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private static byte[][] RandomChunks(Random random, byte[] input)
    {
        var chunks = new List<byte[]>();
        for (int at = 0; at < input.Length;)
        {
            int size = Math.Min(random.Next(0, 24), input.Length - at);
            chunks.Add(input[at..(at + size)]);
            at += size;
        }

        return [.. chunks];
    }

    private static byte[] RandomBytes(Random random, int length, byte[]? alphabet = null)
    {
        byte[] bytes = new byte[length];
        if (alphabet is null)
        {
            random.NextBytes(bytes);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                bytes[i] = alphabet[random.Next(alphabet.Length)];
            }
        }

        return bytes;
    }

    private static byte[] Mangle(Random random, byte[] valid, byte[] alphabet)
    {
        var bytes = new List<byte>(valid);
        for (int edits = random.Next(1, 4); edits > 0; edits--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = alphabet[random.Next(alphabet.Length)];
                    break;
                case 1:
                    bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A parsed operation copied out of the read buffer.</summary>
    private sealed record Op(ServerOpKind Kind, string Subject, long Sid, string ReplyTo, string? Headers, string Payload, string Text)
    {
        public static Op From(ServerOp op) => new(
            op.Kind,
            Encoding.UTF8.GetString(op.Subject),
            op.Sid,
            Encoding.UTF8.GetString(op.ReplyTo),
            op.Headers is null ? null : Encoding.UTF8.GetString(op.Headers),
            op.Payload is null ? "" : Encoding.UTF8.GetString(op.Payload),
            Encoding.UTF8.GetString(op.Text));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
