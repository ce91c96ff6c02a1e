using System.Buffers.Binary;
using System.Text;

namespace OmenDb.Wire.Tests.Support;

/// <summary>A message the server sent.</summary>
internal sealed record BackendMessage(char Code, byte[] Payload)
{
    /// <summary>Fields of an ErrorResponse/NoticeResponse by type byte.</summary>
    public IReadOnlyDictionary<char, string> Fields
    {
        get
        {
            var fields = new Dictionary<char, string>();
            var offset = 0;
            while (offset < Payload.Length && Payload[offset] != 0)
            {
                var type = (char)Payload[offset++];
                var end = Array.IndexOf(Payload, (byte)0, offset);
                fields[type] = Encoding.UTF8.GetString(Payload, offset, end - offset);
                offset = end + 1;
            }

            return fields;
        }
    }

    public string SqlState => Fields['C'];

    public string Severity => Fields['S'];

    public string MessageText => Fields['M'];

    public int Int32At(int offset) => BinaryPrimitives.ReadInt32BigEndian(Payload.AsSpan(offset));

    public override string ToString() => Code is 'E' or 'N' ? $"{Code} {Severity} {SqlState} {MessageText}" : $"{Code} {Hex.Of(Payload)}";
}
