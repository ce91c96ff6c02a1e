namespace OmenDb.Engine.Sessions;

/// <summary>COPY data formats.</summary>
public enum CopyFormat : byte
{
    /// <summary>Tab-separated text, \N for null, backslash escapes.</summary>
    Text,

    /// <summary>CSV (RFC 4180 with PostgreSQL's options).</summary>
    Csv,

    /// <summary>PostgreSQL's binary COPY format.</summary>
    Binary,
}
