using System.Buffers;
using OmenDb.Wire.Framing;
using OmenDb.Wire.Tests.Support;

namespace OmenDb.Wire.Tests.Framing;

/// <summary>
/// The framer must produce the same messages however the input is cut: at every byte boundary, as one-byte
/// segments, and fed prefix by prefix as a PipeReader would (a partial message consumes nothing).
/// </summary>
public sealed class MessageFramerTests
{
    private static readonly byte[][] s_messages =
    [
        Msg.Query("select 1; select 'é'"),
        Msg.Parse("s1", "select $1::int4, $2::text", 23, 25),
        Msg.Bind("p1", "s1", [1, 0], [[0, 0, 0, 7], null], 1),
        Msg.Describe('P', "p1"),
        Msg.Execute("p1", 100),
        Msg.Close('S', "s1"),
        Msg.Flush,
        Msg.CopyData(new byte[300]),
        Msg.Build('c'),
        Msg.Sync,
        Msg.Terminate,
    ];

    private static readonly byte[] s_stream = Msg.Concat(s_messages);

    public static TheoryData<int> SplitPoints()
    {
        var data = new TheoryData<int>();
        for (var i = 1; i < s_stream.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public void SplitAtAnyByte_YieldsTheSameMessages(int cut)
    {
        Assert.Equal(Expected(), Frame(Segments.Split(s_stream, cut), out var consumed));
        Assert.Equal(s_stream.Length, consumed);
    }

    [Fact]
    public void OneByteSegments_YieldTheSameMessages()
    {
        Assert.Equal(Expected(), Frame(Segments.EveryByte(s_stream), out _));
    }

    [Fact]
    public void EveryPrefix_FramesOnlyCompleteMessages_AndConsumesUpToTheLastOne()
    {
        var boundaries = new List<int> { 0 };
        foreach (var message in s_messages)
        {
            boundaries.Add(boundaries[^1] + message.Length);
        }

        for (var length = 0; length <= s_stream.Length; length++)
        {
            var prefix = s_stream.AsSpan(0, length).ToArray();
            var framed = Frame(Segments.Split(prefix, length / 2, length / 3), out var consumed);
            var complete = boundaries.Count(b => b <= length) - 1;
            Assert.Equal(complete, framed.Count);
            Assert.Equal(boundaries[complete], consumed);
        }
    }

    [Fact]
    public void IncrementalFeeding_LikeAPipe_YieldsTheSameMessages()
    {
        // Feed 7 bytes at a time, keeping unconsumed bytes, as the connection loop does with AdvanceTo(consumed, examined).
        var pending = new List<byte>();
        var framed = new List<string>();
        for (var offset = 0; offset < s_stream.Length; offset += 7)
        {
            pending.AddRange(s_stream.Skip(offset).Take(7));
            var buffer = pending.ToArray();
            framed.AddRange(Frame(Segments.Split(buffer, buffer.Length / 2), out var consumed));
            pending.RemoveRange(0, (int)consumed);
        }

        Assert.Empty(pending);
        Assert.Equal(Expected(), framed);
    }

    [Theory]
    [InlineData("40", nameof(FrameStatus.InvalidType))]
    [InlineData("70000000080000", nameof(FrameStatus.InvalidType))] // 'p' is valid only while authenticating
    [InlineData("5100000003", nameof(FrameStatus.InvalidLength))]
    [InlineData("537fffffff", nameof(FrameStatus.InvalidLength))]
    [InlineData("53000027110000", nameof(FrameStatus.InvalidLength))] // Sync above PQ_SMALL_MESSAGE_LIMIT
    [InlineData("51000000", nameof(FrameStatus.Incomplete))]
    [InlineData("5100000010616263", nameof(FrameStatus.Incomplete))]
    public void InvalidOrPartialHeaders(string hex, string expected)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Bytes(hex)));
        Assert.Equal(expected, MessageFramer.TryRead(ref reader, 1 << 20, out _, out _).ToString());
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    public void MaxMessageSize_AppliesToDataMessages()
    {
        var query = Msg.Query(new string('x', 2000));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(query));
        Assert.Equal(FrameStatus.InvalidLength, MessageFramer.TryRead(ref reader, 1024, out _, out var length));
        Assert.Equal(query.Length - 1, length);
    }

    [Fact]
    public void PasswordMessage_IsFramedWhileAuthenticating()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Msg.Build('p', Msg.CString("pw"))));
        Assert.Equal(FrameStatus.Complete, MessageFramer.TryRead(ref reader, 1024, out var message, out _, authenticating: true));
        Assert.Equal(FrontendMessageCode.Password, message.Code);
        reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Msg.Sync));
        Assert.Equal(FrameStatus.InvalidType, MessageFramer.TryRead(ref reader, 1024, out _, out _, authenticating: true));
    }

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public void BindPayload_ParsesAcrossSegments(int cut)
    {
        var bind = s_messages[2];
        var sequence = Segments.Split(bind, Math.Min(cut, bind.Length - 1), Math.Min(cut / 2, bind.Length - 1));
        var reader = new SequenceReader<byte>(sequence);
        Assert.Equal(FrameStatus.Complete, MessageFramer.TryRead(ref reader, 1 << 20, out var message, out _));
        var payload = new PayloadReader(message.Payload);
        var names = new NameCache();
        Assert.Equal("p1", payload.ReadName(names));
        Assert.Equal("s1", payload.ReadName(names));
        Assert.Equal(2, payload.ReadInt16());
        Assert.Equal(1, payload.ReadInt16());
        Assert.Equal(0, payload.ReadInt16());
        Assert.Equal(2, payload.ReadInt16());
        Assert.Equal(4, payload.ReadInt32());
        Assert.Equal("00000007", Hex.Of(payload.ReadBytes(4).ToArray()));
        Assert.Equal(-1, payload.ReadInt32());
        Assert.Equal(1, payload.ReadInt16());
        Assert.Equal(1, payload.ReadInt16());
        payload.EnsureEnd();
    }

    [Fact]
    public void NameCache_ReturnsTheSameStringForTheSameBytes()
    {
        var names = new NameCache();
        var first = names.Get(new ReadOnlySequence<byte>("_p1"u8.ToArray()));
        var second = names.Get(new ReadOnlySequence<byte>("_p1"u8.ToArray()));
        Assert.Equal("_p1", first);
        Assert.Same(first, second);
    }

    private static List<string> Expected() => s_messages.Select(m => $"{(char)m[0]}:{Hex.Of(m.AsSpan(5))}").ToList();

    private static List<string> Frame(ReadOnlySequence<byte> input, out long consumed)
    {
        var reader = new SequenceReader<byte>(input);
        var framed = new List<string>();
        while (MessageFramer.TryRead(ref reader, 1 << 20, out var message, out _) == FrameStatus.Complete)
        {
            framed.Add($"{(char)message.Code}:{Hex.Of(message.Payload.ToArray())}");
        }

        consumed = reader.Consumed;
        return framed;
    }
}
