using System.Globalization;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Types;

namespace OmenDb.Wire;

// Streaming a portal's output: DataRows (or COPY TO STDOUT rows) until the portal is done or the row limit is
// reached, pausing whenever FlushThreshold bytes are waiting so that a huge result never sits in memory at once.
internal sealed partial class PgConnection
{
    /// <summary>Work that a pause interrupted.</summary>
    private enum PendingWork : byte
    {
        /// <summary>Nothing is streaming.</summary>
        None,

        /// <summary>Rows of a simple-query statement.</summary>
        SimpleRows,

        /// <summary>COPY TO STDOUT of a simple-query statement.</summary>
        SimpleCopyOut,

        /// <summary>Rows of an Execute.</summary>
        ExtendedRows,

        /// <summary>COPY TO STDOUT started by an Execute.</summary>
        ExtendedCopyOut,
    }

    private PendingWork _pending;
    private PortalEntry? _streamEntry;
    private int _streamLimit;
    private int _streamSent;

    private void StartStream(PortalEntry entry, int maxRows, PendingWork kind)
    {
        _streamEntry = entry;
        _streamLimit = maxRows;
        _streamSent = 0;
        _pending = kind;
    }

    private void EndStream()
    {
        _pending = PendingWork.None;
        _streamEntry = null;
    }

    /// <summary>Sends rows until the portal is exhausted (CommandComplete), the limit is reached (PortalSuspended) or output must be flushed.</summary>
    private Flow StreamRows()
    {
        var entry = _streamEntry!;
        var threshold = _options.FlushThreshold;
        while (true)
        {
            if (entry.Batch is not { } batch)
            {
                if (_streamLimit > 0 && _streamSent >= _streamLimit)
                {
                    // As PostgreSQL: reaching the limit suspends the portal, even when no row is left.
                    _out.WriteRaw(PregeneratedMessages.PortalSuspended);
                    EndStream();
                    return Flow.Continue;
                }

                if (!entry.Portal.TryFetch(_streamLimit == 0 ? 0 : _streamLimit - _streamSent, out var fetched))
                {
                    WriteCommandComplete(entry.Portal.CommandTag ?? "SELECT " + _streamSent.ToString(CultureInfo.InvariantCulture));
                    EndStream();
                    return Flow.Continue;
                }

                if (fetched is null || fetched.LiveCount == 0)
                {
                    continue;
                }

                entry.Batch = batch = fetched;
                entry.NextRow = 0;
            }

            var count = batch.LiveCount - entry.NextRow;
            if (_streamLimit > 0)
            {
                count = Math.Min(count, _streamLimit - _streamSent);
            }

            var written = DataRowWriter.WriteRows(_out, batch, entry.NextRow, count, entry.Formats, threshold);
            entry.NextRow += written;
            _streamSent += written;
            if (entry.NextRow >= batch.LiveCount)
            {
                entry.Batch = null;
            }

            if (_out.UnflushedBytes >= threshold)
            {
                return Flow.Paused;
            }
        }
    }

    /// <summary>Runs a COPY TO STDOUT portal: CopyOutResponse, then its rows.</summary>
    private Flow StartCopyOut()
    {
        var portal = _streamEntry!.Portal;
        portal.TryFetch(0, out _);
        var copyOut = portal.CopyOut ?? throw new InvalidOperationException("COPY TO STDOUT portal without a row source");
        _out.WriteCopyResponse(Framing.BackendMessageCode.CopyOutResponse, copyOut.Format, copyOut.ColumnCount);
        return StreamCopyOut();
    }

    /// <summary>CopyData per row, then CopyDone and "COPY n".</summary>
    private Flow StreamCopyOut()
    {
        var copyOut = _streamEntry!.Portal.CopyOut!;
        var threshold = _options.FlushThreshold;
        while (copyOut.TryReadRow(out var row))
        {
            _out.WriteCopyData(row.Span);
            if (_out.UnflushedBytes >= threshold)
            {
                return Flow.Paused;
            }
        }

        _out.WriteRaw(PregeneratedMessages.CopyDone);
        WriteCommandComplete("COPY " + copyOut.RowCount.ToString(CultureInfo.InvariantCulture));
        EndStream();
        return Flow.Continue;
    }

    /// <summary>Stops whatever was streaming or copying after an error (the COPY keeps nothing).</summary>
    private void AbandonCurrentWork(string reason)
    {
        if (_copyIn is { } copyIn)
        {
            _copyIn = null;
            try
            {
                copyIn.Fail(reason);
            }
            catch (Common.PgException)
            {
                // Already failed: the original error is the one to report.
            }
        }

        if (_streamEntry is { } entry)
        {
            entry.Batch = null;
        }

        EndStream();
        CloseSimplePortal();
    }
}
