using System.Buffers;
using System.Text;
using Notify.Core.Redis;
using Notify.Core.Redis.Internal;

namespace Notify.Tests.Redis;

public sealed class RespParserTests
{
    private const string SampleReplies =
        "+OK\r\n-ERR unknown command 'FOO'\r\n:-42\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n" +
        "*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n+PONG\r\n$6\r\nab\r\ncd\r\n";

    [Fact]
    public void Every_RESP2_type_is_read()
    {
        List<RedisResult> replies = ParseAll(Encoding.UTF8.GetBytes(SampleReplies));

        Assert.Equal(
            ["OK", "ERR unknown command 'FOO'", "-42", "hello", "", "(nil)", "(nil)", "[]", "[1, [a, (nil)], PONG]", "ab\r\ncd"],
            replies.Select(r => r.ToString()));
        Assert.Equal(
            [RedisResultType.SimpleString, RedisResultType.Error, RedisResultType.Integer, RedisResultType.BulkString,
             RedisResultType.BulkString, RedisResultType.Null, RedisResultType.Null, RedisResultType.Array,
             RedisResultType.Array, RedisResultType.BulkString],
            replies.Select(r => r.Type));
        Assert.Equal(-42, replies[2].AsInt64());
    }

    [Fact]
    public void Every_truncation_of_a_reply_waits_for_more_bytes_and_leaves_the_reader_unmoved()
    {
        byte[] reply = Encoding.UTF8.GetBytes("*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n+PONG\r\n");

        for (int length = 0; length < reply.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(reply, 0, length));

            Assert.False(RespParser.TryRead(ref reader, out _), $"a reply cut at {length} bytes was read as complete");
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    public void Replies_split_across_buffer_segments_read_the_same_at_every_split()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(SampleReplies);
        string expected = string.Join("|", ParseAll(bytes));

        for (int split = 1; split < bytes.Length; split++)
        {
            ReadOnlySequence<byte> sequence = Segments.Of(bytes[..split], bytes[split..]);

            Assert.Equal(expected, string.Join("|", ParseAll(sequence)));
        }
    }

    [Theory]
    [InlineData("!oops\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData(":\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcde\r\n")]
    [InlineData("$536870913\r\n")]
    [InlineData("*-5\r\n")]
    public void Bytes_that_are_not_RESP2_are_a_protocol_error(string input)
    {
        Assert.Throws<RedisProtocolException>(() => ReadOne(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Announced_sizes_allocate_nothing_until_the_bytes_are_there()
    {
        foreach (string header in new[] { "*2147483647\r\n", "*9223372036854775807\r\n:1\r\n", "$536870912\r\nabc" })
        {
            Assert.False(ReadOne(Encoding.UTF8.GetBytes(header)), header);
        }
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_protocol_error_not_a_stack_overflow()
    {
        string deep = string.Concat(Enumerable.Repeat("*1\r\n", 100_000)) + ":1\r\n";
        Assert.Throws<RedisProtocolException>(() => ReadOne(Encoding.UTF8.GetBytes(deep)));
    }

    [Fact]
    public void Line_without_an_end_is_a_protocol_error_once_longer_than_the_limit()
    {
        byte[] endless = Encoding.ASCII.GetBytes("+" + new string('x', RespParser.MaxLineLength + 1));
        Assert.Throws<RedisProtocolException>(() => ReadOne(endless));
    }

    [Fact]
    public void Random_and_mutated_bytes_never_crash_or_hang_the_parser()
    {
        var random = new Random(20240601);
        byte[] alphabet = Encoding.ASCII.GetBytes("+-:$*\r\n0123456789-abc");
        byte[] sample = Encoding.UTF8.GetBytes(SampleReplies);

        for (int round = 0; round < 30_000; round++)
        {
            byte[] input = (round % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 48), alphabet),
                1 => Mutate(random, sample),
                _ => RandomBytes(random, random.Next(0, 48), alphabet: null),
            };
            int split = input.Length == 0 ? 0 : random.Next(0, input.Length);

            ParseDefensively(Segments.Of(input[..split], input[split..]));
        }
    }

    /// <summary>Reads until the parser wants more bytes or rejects them; each read must consume bytes, so this ends.</summary>
    private static void ParseDefensively(ReadOnlySequence<byte> input)
    {
        var reader = new SequenceReader<byte>(input);
        try
        {
            while (RespParser.TryRead(ref reader, out _))
            {
                Assert.True(reader.Consumed > 0);
            }
        }
        catch (RedisProtocolException)
        {
            // the expected verdict on garbage
        }
    }

    private static byte[] RandomBytes(Random random, int length, byte[]? alphabet)
    {
        byte[] bytes = new byte[length];
        if (alphabet is null)
        {
            random.NextBytes(bytes);
            return bytes;
        }

        for (int i = 0; i < length; i++)
        {
            bytes[i] = alphabet[random.Next(alphabet.Length)];
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        byte[] copy = valid[..random.Next(1, valid.Length + 1)];
        for (int flips = random.Next(1, 4); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static bool ReadOne(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        return RespParser.TryRead(ref reader, out _);
    }

    private static List<RedisResult> ParseAll(byte[] bytes) => ParseAll(new ReadOnlySequence<byte>(bytes));

    private static List<RedisResult> ParseAll(ReadOnlySequence<byte> bytes)
    {
        var reader = new SequenceReader<byte>(bytes);
        var replies = new List<RedisResult>();
        while (RespParser.TryRead(ref reader, out RedisResult reply))
        {
            replies.Add(reply);
        }

        Assert.Equal(0, reader.Remaining);
        return replies;
    }

    /// <summary>Builds a multi-segment sequence, as a socket read that straddles buffers gives one.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] first, byte[] second)
        {
            var head = new Segments(first, 0);
            var tail = new Segments(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
