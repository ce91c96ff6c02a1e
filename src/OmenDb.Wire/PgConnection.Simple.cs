using OmenDb.Engine.Sessions;
using OmenDb.Wire.Framing;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Types;

namespace OmenDb.Wire;

// Simple Query (protocol §55.2.2): each statement of the string runs in turn with text results; an error ends the
// message; Session.Sync() and ReadyForQuery always close it.
internal sealed partial class PgConnection
{
    /// <summary>The statements of the Query message being run, or null outside a simple query.</summary>
    private IReadOnlyList<ParsedStatement>? _script;

    /// <summary>Index of the next statement of <see cref="_script"/> to run.</summary>
    private int _scriptNext;

    /// <summary>Whether a statement of the current Query produced a response (then empty statements send nothing).</summary>
    private bool _scriptAnswered;

    /// <summary>The portal of the simple-query statement that is running (disposed when it completes).</summary>
    private PortalEntry? _simplePortal;

    private Flow HandleQuery(in FrontendMessage message)
    {
        // _script is set first so that any error, even a malformed message or a syntax error, ends with ReadyForQuery.
        _script = [];
        var reader = new PayloadReader(message.Payload);
        var sql = reader.ReadCString();
        reader.EnsureEnd();

        // A Query drops the unnamed statement and portal (exec_simple_query).
        _statements.Remove(string.Empty);
        DropPortal(string.Empty);

        _scriptNext = 0;
        _scriptAnswered = false;
        _script = _session!.ParseScript(sql);
        return ContinueScript();
    }

    /// <summary>Runs the remaining statements of the Query, or pauses inside one of them.</summary>
    private Flow ContinueScript()
    {
        var session = _session!;
        var script = _script!;
        while (_scriptNext < script.Count)
        {
            var statement = script[_scriptNext++];
            var prepared = session.Prepare(statement);
            var portal = session.Bind(prepared, []);
            var entry = new PortalEntry(portal, ResultFormats.AllText.WithStyle(session.OutputStyle));
            _simplePortal = entry;
            switch (portal.Kind)
            {
                case PortalKind.Empty:
                    CloseSimplePortal();
                    continue;
                case PortalKind.Rows:
                    _scriptAnswered = true;
                    _out.WriteRowDescription(portal.Columns ?? [], ResultFormats.AllText);
                    StartStream(entry, maxRows: 0, PendingWork.SimpleRows);
                    if (StreamRows() == Flow.Paused)
                    {
                        return Flow.Paused;
                    }

                    break;
                case PortalKind.CopyIn:
                    _scriptAnswered = true;
                    BeginCopyIn(entry);
                    return Flow.Continue;
                case PortalKind.CopyOut:
                    _scriptAnswered = true;
                    StartStream(entry, maxRows: 0, PendingWork.SimpleCopyOut);
                    if (StartCopyOut() == Flow.Paused)
                    {
                        return Flow.Paused;
                    }

                    break;
                default:
                    _scriptAnswered = true;
                    portal.TryFetch(0, out _);
                    WriteCommandComplete(portal.CommandTag ?? string.Empty);
                    break;
            }

            CloseSimplePortal();
            DrainSessionMessages();
        }

        if (!_scriptAnswered)
        {
            _out.WriteRaw(PregeneratedMessages.EmptyQueryResponse);
        }

        FinishQuery();
        return Flow.Continue;
    }

    /// <summary>Resumes a paused simple-query statement, then the rest of the Query.</summary>
    private Flow ContinueSimpleStream()
    {
        var flow = _pending == PendingWork.SimpleCopyOut ? StreamCopyOut() : StreamRows();
        if (flow == Flow.Paused)
        {
            return flow;
        }

        CloseSimplePortal();
        DrainSessionMessages();
        return ContinueScript();
    }

    /// <summary>End of a Query message: Session.Sync() (commits an implicit transaction), then ReadyForQuery.</summary>
    private void FinishQuery()
    {
        _script = null;
        CloseSimplePortal();
        CompleteSync();
    }

    /// <summary>Session.Sync() then ReadyForQuery; a failing commit is reported first. Shared by Query's end and Sync.</summary>
    private void CompleteSync()
    {
        var session = _session!;
        try
        {
            session.Sync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = ex as Common.PgException ?? new Common.PgException(Common.SqlState.InternalError, ex.Message, ex);
            if (ex is not Common.PgException)
            {
                WireLog.InternalError(_logger, _connectionId, ex.Message, ex);
            }

            _out.WriteError(error);
            session.OnError();
        }

        if (session.TransactionStatus != TransactionStatus.InBlock)
        {
            // Portals live until the end of their transaction.
            DropAllPortals();
        }

        WriteReadyForQuery();
    }

    private void CloseSimplePortal()
    {
        if (_simplePortal is { } entry)
        {
            _simplePortal = null;
            entry.Portal.Dispose();
        }
    }
}
