namespace OmenDb.Wire.Framing;

/// <summary>
/// First byte of every message the client sends after the startup packet (protocol docs §55.7 "Message Formats").
/// The startup packet, SSLRequest, GSSENCRequest and CancelRequest carry no code.
/// </summary>
internal enum FrontendMessageCode : byte
{
    /// <summary>Bind: create a portal from a prepared statement and parameter values.</summary>
    Bind = (byte)'B',

    /// <summary>Close a prepared statement ('S') or portal ('P').</summary>
    Close = (byte)'C',

    /// <summary>CopyData: a chunk of COPY FROM STDIN data.</summary>
    CopyData = (byte)'d',

    /// <summary>CopyDone: end of COPY FROM STDIN data.</summary>
    CopyDone = (byte)'c',

    /// <summary>CopyFail: the client abandons COPY FROM STDIN.</summary>
    CopyFail = (byte)'f',

    /// <summary>Describe a prepared statement ('S') or portal ('P').</summary>
    Describe = (byte)'D',

    /// <summary>Execute a portal with a row limit.</summary>
    Execute = (byte)'E',

    /// <summary>Flush: send everything buffered.</summary>
    Flush = (byte)'H',

    /// <summary>FunctionCall (fast path), answered with an error.</summary>
    FunctionCall = (byte)'F',

    /// <summary>Parse: create a prepared statement.</summary>
    Parse = (byte)'P',

    /// <summary>Password, SASLInitialResponse and SASLResponse all use 'p'.</summary>
    Password = (byte)'p',

    /// <summary>Simple Query.</summary>
    Query = (byte)'Q',

    /// <summary>Sync: end of an extended-query batch.</summary>
    Sync = (byte)'S',

    /// <summary>Terminate: the client is leaving.</summary>
    Terminate = (byte)'X',
}
