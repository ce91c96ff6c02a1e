namespace OmenDb.Wire.Framing;

/// <summary>First byte of every message the server sends (protocol docs §55.7 "Message Formats").</summary>
internal enum BackendMessageCode : byte
{
    /// <summary>Authentication request or result (subtype in the first int32).</summary>
    Authentication = (byte)'R',

    /// <summary>BackendKeyData: process id and secret key for CancelRequest.</summary>
    BackendKeyData = (byte)'K',

    /// <summary>BindComplete.</summary>
    BindComplete = (byte)'2',

    /// <summary>CloseComplete.</summary>
    CloseComplete = (byte)'3',

    /// <summary>CommandComplete with its tag.</summary>
    CommandComplete = (byte)'C',

    /// <summary>CopyData (COPY TO STDOUT rows).</summary>
    CopyData = (byte)'d',

    /// <summary>CopyDone.</summary>
    CopyDone = (byte)'c',

    /// <summary>CopyInResponse: the server is ready for COPY FROM STDIN data.</summary>
    CopyInResponse = (byte)'G',

    /// <summary>CopyOutResponse: COPY TO STDOUT data follows.</summary>
    CopyOutResponse = (byte)'H',

    /// <summary>DataRow.</summary>
    DataRow = (byte)'D',

    /// <summary>EmptyQueryResponse.</summary>
    EmptyQueryResponse = (byte)'I',

    /// <summary>ErrorResponse.</summary>
    ErrorResponse = (byte)'E',

    /// <summary>NegotiateProtocolVersion.</summary>
    NegotiateProtocolVersion = (byte)'v',

    /// <summary>NoData: the statement or portal returns no rows.</summary>
    NoData = (byte)'n',

    /// <summary>NoticeResponse.</summary>
    NoticeResponse = (byte)'N',

    /// <summary>ParameterDescription.</summary>
    ParameterDescription = (byte)'t',

    /// <summary>ParameterStatus (a GUC_REPORT setting).</summary>
    ParameterStatus = (byte)'S',

    /// <summary>ParseComplete.</summary>
    ParseComplete = (byte)'1',

    /// <summary>PortalSuspended: Execute's row limit was reached.</summary>
    PortalSuspended = (byte)'s',

    /// <summary>ReadyForQuery with the transaction status.</summary>
    ReadyForQuery = (byte)'Z',

    /// <summary>RowDescription.</summary>
    RowDescription = (byte)'T',
}
