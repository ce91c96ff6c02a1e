using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Framing;

namespace OmenDb.Wire;

// COPY FROM STDIN (protocol §55.2.6): CopyInResponse, then CopyData until CopyDone or CopyFail. Flush and Sync are
// ignored meanwhile; any other message is ERROR 08P01 then FATAL, as copyfromparse.c and postgres.c do.
internal sealed partial class PgConnection
{
    /// <summary>The COPY FROM STDIN in progress, or null.</summary>
    private ICopyIn? _copyIn;

    private void BeginCopyIn(PortalEntry entry)
    {
        entry.Portal.TryFetch(0, out _);
        _copyIn = entry.Portal.CopyIn ?? throw new InvalidOperationException("COPY FROM STDIN portal without a target");
        _out.WriteCopyResponse(BackendMessageCode.CopyInResponse, _copyIn.Format, _copyIn.ColumnCount);
    }

    private static bool IsCopyInMessage(FrontendMessageCode code)
        => code is FrontendMessageCode.CopyData or FrontendMessageCode.CopyDone or FrontendMessageCode.CopyFail
            or FrontendMessageCode.Flush or FrontendMessageCode.Sync;

    private Flow HandleCopyInMessage(in FrontendMessage message)
    {
        var copyIn = _copyIn!;
        try
        {
            switch (message.Code)
            {
                case FrontendMessageCode.CopyData:
                    // The payload goes to the engine a segment at a time: no copy, rows may span chunks anyway.
                    foreach (var segment in message.Payload)
                    {
                        copyIn.Write(segment.Span);
                    }

                    return Flow.Continue;
                case FrontendMessageCode.CopyDone:
                    var rows = copyIn.Complete();
                    _copyIn = null;
                    WriteCommandComplete("COPY " + rows.ToString(CultureInfo.InvariantCulture));
                    if (_script is null)
                    {
                        return Flow.Continue;
                    }

                    CloseSimplePortal();
                    DrainSessionMessages();
                    return ContinueScript();
                case FrontendMessageCode.CopyFail:
                    var reader = new PayloadReader(message.Payload);
                    var reason = reader.ReadCString();
                    _copyIn = null;
                    copyIn.Fail(reason);
                    return Fail(new PgException(SqlState.QueryCanceled, "COPY from stdin failed: " + reason));
                default:
                    // Flush and Sync mean nothing during copy-in.
                    return Flow.Continue;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ex);
        }
    }

    private Flow CopySynchronizationLost(FrontendMessageCode code)
    {
        var error = new PgException(SqlState.ProtocolViolation,
            "unexpected message type 0x" + ((byte)code).ToString("X2", CultureInfo.InvariantCulture) + " during COPY from stdin");
        AbandonCurrentWork(error.Message);
        _out.WriteError(error);
        return Fatal(SqlState.ProtocolViolation, "terminating connection because protocol synchronization was lost");
    }
}
