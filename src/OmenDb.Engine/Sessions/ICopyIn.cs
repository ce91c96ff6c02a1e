namespace OmenDb.Engine.Sessions;

/// <summary>
/// The engine side of COPY FROM STDIN. The wire passes CopyData payloads as they come (chunk boundaries
/// are arbitrary: a row may span chunks), then calls <see cref="Complete"/> on CopyDone or
/// <see cref="Fail"/> on CopyFail. All or nothing: a failure keeps no row.
/// </summary>
public interface ICopyIn
{
    /// <summary>The data format, for CopyInResponse.</summary>
    CopyFormat Format { get; }

    /// <summary>Number of columns, for CopyInResponse.</summary>
    int ColumnCount { get; }

    /// <summary>Consumes one CopyData payload. Throws PgException (22P02 etc., with the line number in Where) on bad data.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Finishes the COPY (CopyDone) and returns the number of rows loaded.</summary>
    long Complete();

    /// <summary>Abandons the COPY (CopyFail, or an error): nothing is kept.</summary>
    void Fail(string message);
}

/// <summary>The engine side of COPY TO STDOUT: one row at a time, already formatted (line terminator included).</summary>
public interface ICopyOut
{
    /// <summary>The data format, for CopyOutResponse.</summary>
    CopyFormat Format { get; }

    /// <summary>Number of columns, for CopyOutResponse.</summary>
    int ColumnCount { get; }

    /// <summary>The next formatted row, or false when done. The memory is valid until the next call.</summary>
    bool TryReadRow(out ReadOnlyMemory<byte> row);

    /// <summary>Rows produced so far (for the COPY n tag).</summary>
    long RowCount { get; }
}
