using System.Buffers.Binary;
using System.Text;

namespace OmenDb.Wire.Tests.Support;

/// <summary>Builds frontend messages byte by byte (independently of the server's code).</summary>
internal static class Msg
{
    public static byte[] Build(char code, params byte[][] parts)
    {
        var length = 4 + parts.Sum(p => p.Length);
        var message = new byte[1 + length];
        message[0] = (byte)code;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), length);
        var offset = 5;
        foreach (var part in parts)
        {
            part.CopyTo(message, offset);
            offset += part.Length;
        }

        return message;
    }

    public static byte[] CString(string s) => [.. Encoding.UTF8.GetBytes(s), 0];

    public static byte[] Int16(short v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, v);
        return b;
    }

    public static byte[] Int32(int v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        return b;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Query(string sql) => Build('Q', CString(sql));

    public static byte[] Parse(string name, string sql, params int[] oids)
        => Build('P', CString(name), CString(sql), Int16((short)oids.Length), Concat(oids.Select(Int32).ToArray()));

    /// <summary>Bind with one format code per parameter (or none), values as raw bytes (null = SQL NULL), one result format for all.</summary>
    public static byte[] Bind(string portal, string statement, short[] formats, byte[]?[] values, params short[] resultFormats)
        => Build('B', CString(portal), CString(statement), Int16((short)formats.Length), Concat(formats.Select(Int16).ToArray()),
            Int16((short)values.Length),
            Concat(values.Select(v => v is null ? Int32(-1) : Concat(Int32(v.Length), v)).ToArray()),
            Int16((short)resultFormats.Length), Concat(resultFormats.Select(Int16).ToArray()));

    public static byte[] Describe(char kind, string name) => Build('D', [(byte)kind], CString(name));

    public static byte[] Execute(string portal, int maxRows = 0) => Build('E', CString(portal), Int32(maxRows));

    public static byte[] Close(char kind, string name) => Build('C', [(byte)kind], CString(name));

    public static byte[] Sync => Build('S');

    public static byte[] Flush => Build('H');

    public static byte[] Terminate => Build('X');

    public static byte[] CopyData(byte[] data) => Build('d', data);

    public static byte[] Startup(int version, params (string Name, string Value)[] parameters)
    {
        var body = Concat(Int32(version), Concat(parameters.Select(p => Concat(CString(p.Name), CString(p.Value))).ToArray()), [0]);
        return Concat(Int32(body.Length + 4), body);
    }

    public static byte[] Startup(params (string Name, string Value)[] parameters) => Startup(3 << 16, parameters);

    public static byte[] SslRequest => Concat(Int32(8), Int32(80877103));

    public static byte[] GssEncRequest => Concat(Int32(8), Int32(80877104));

    public static byte[] CancelRequest(int processId, int secretKey) => Concat(Int32(16), Int32(80877102), Int32(processId), Int32(secretKey));
}
