using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using OmenDb.Common;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Framing;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Startup;

namespace OmenDb.Wire;

/// <summary>
/// One client connection, from the startup packet to the last byte.
///
/// Ownership and concurrency: the connection owns its pipes, its <see cref="Session"/>, its prepared statements and
/// portals, and runs on one logical thread (the <see cref="RunAsync"/> loop); nothing here is shared. The only
/// cross-thread call is <see cref="CancelRunningStatement"/> (server shutdown), which goes through the thread-safe
/// <see cref="Session.Cancel"/>. A CancelRequest arrives on a different connection and reaches the session through
/// <see cref="DatabaseEngine.TryCancel"/>.
///
/// Loop: ReadAsync → frame and handle every complete message in one pass → AdvanceTo → one FlushAsync. Handling is
/// synchronous; a large result pauses when <see cref="WireOptions.FlushThreshold"/> bytes are waiting, is flushed,
/// and resumes (<see cref="ResumePending"/>) before the next message is read.
///
/// Every way a connection ends, and what the client sees:
/// - Terminate ('X'): nothing more is sent.
/// - EOF from the client (closed or half-closed socket), also in the middle of a message: nothing is sent.
/// - A broken socket (reset, write failure): nothing can be sent.
/// - A FATAL error (failed authentication, unknown role or database, invalid message type or length, lost COPY
///   synchronisation): the ErrorResponse, then close.
/// - Server shutdown: FATAL 57P01 "terminating connection due to administrator command" once the current message is done.
/// In every case the portals are disposed and the session is disposed, which rolls back an open transaction; other
/// connections are never affected.
/// </summary>
internal sealed partial class PgConnection
{
    private readonly PipeReader _input;
    private readonly PipeWriter _pipeOutput;
    private readonly PgOutput _out;
    private readonly DatabaseEngine _engine;
    private readonly WireOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionId;
    private readonly CancellationToken _stopping;
    private readonly NameCache _names = new();
    private Session? _session;

    /// <summary>The token reads use: bounded by the authentication timeout until the session exists, then only by shutdown.</summary>
    private CancellationToken _readToken;

    /// <summary>Creates a connection over a duplex pipe.</summary>
    public PgConnection(IDuplexPipe transport, DatabaseEngine engine, WireOptions options, ILogger logger, string connectionId,
        CancellationToken stopping)
    {
        _input = transport.Input;
        _pipeOutput = transport.Output;
        _out = new PgOutput(transport.Output);
        _engine = engine;
        _options = options;
        _logger = logger;
        _connectionId = connectionId;
        _stopping = stopping;
    }

    /// <summary>How long a client may take from connecting to being authenticated (PostgreSQL's authentication_timeout default).</summary>
    private static readonly TimeSpan s_authenticationTimeout = TimeSpan.FromMinutes(1);

    /// <summary>What the loop does after handling a message or resuming work.</summary>
    private enum Flow : byte
    {
        /// <summary>Go on with the next message (or read more input).</summary>
        Continue,

        /// <summary>Flush now, then resume the pending work (or just continue when there is none).</summary>
        Paused,

        /// <summary>Flush and close the connection.</summary>
        Close,
    }

    /// <summary>Server shutdown: cancels the running statement, if any (thread-safe).</summary>
    public void CancelRunningStatement() => _session?.Cancel();

    /// <summary>Runs the connection to its end; never throws.</summary>
    public async Task RunAsync()
    {
        var reason = "client disconnected";
        using var startupTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        startupTimeout.CancelAfter(s_authenticationTimeout);
        try
        {
            _readToken = startupTimeout.Token;
            var started = await RunStartupAsync().ConfigureAwait(false);
            if (started)
            {
                // pg_terminate_backend from another session ends the wait for input too.
                using var ending = CancellationTokenSource.CreateLinkedTokenSource(_stopping, _session!.Terminating);
                _readToken = ending.Token;
                reason = await RunMessageLoopAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested && startupTimeout.IsCancellationRequested)
        {
            reason = "authentication timeout";
            await TrySendFatalAsync(new PgException(SqlState.QueryCanceled, "canceling authentication due to timeout") { Severity = "FATAL" })
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || _session?.TerminationRequested == true)
        {
            reason = _stopping.IsCancellationRequested ? "server shutdown" : "terminated by pg_terminate_backend";
            await TrySendFatalAsync(new PgException(SqlState.AdminShutdown, "terminating connection due to administrator command")
            {
                Severity = "FATAL",
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException
            or Microsoft.AspNetCore.Connections.ConnectionResetException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            reason = "transport error: " + ex.Message;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug outside the message boundary (startup): log it with its stack and tell the client.
            reason = "internal error";
            WireLog.InternalError(_logger, _connectionId, ex.Message, ex);
            await TrySendFatalAsync(new PgException(SqlState.InternalError, ex.Message) { Severity = "FATAL" }).ConfigureAwait(false);
        }
        finally
        {
            ReleaseAll();
            WireLog.ConnectionClosed(_logger, _connectionId, reason);
        }
    }

    private async Task<string> RunMessageLoopAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync(_readToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            Flow flow;
            while (true)
            {
                flow = ProcessBuffer(ref buffer);
                if (flow != Flow.Paused)
                {
                    break;
                }

                // Large result or Flush: send what is buffered, then finish the paused work before the next message.
                do
                {
                    if (!await FlushAsync().ConfigureAwait(false))
                    {
                        _input.AdvanceTo(buffer.Start, buffer.End);
                        return "client disconnected during output";
                    }

                    flow = ResumePending();
                }
                while (flow == Flow.Paused);

                if (flow == Flow.Close)
                {
                    break;
                }
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
            var open = await FlushAsync().ConfigureAwait(false);
            if (flow == Flow.Close)
            {
                return "closed by server";
            }

            if (!open)
            {
                return "client disconnected during output";
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return buffer.IsEmpty ? "client disconnected" : "client disconnected in the middle of a message";
            }
        }
    }

    /// <summary>Frames and handles every complete message of <paramref name="buffer"/>; on return it starts after the last one handled.</summary>
    private Flow ProcessBuffer(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var flow = Flow.Continue;
        while (flow == Flow.Continue)
        {
            var status = MessageFramer.TryRead(ref reader, _options.MaxMessageSize, out var message, out var length);
            if (status == FrameStatus.Incomplete)
            {
                break;
            }

            if (_copyIn is not null && status != FrameStatus.InvalidLength && !IsCopyInMessage(message.Code))
            {
                flow = CopySynchronizationLost(message.Code);
                break;
            }

            if (status == FrameStatus.InvalidType)
            {
                flow = Fatal(SqlState.ProtocolViolation, $"invalid frontend message type {(int)message.Code}");
                break;
            }

            if (status == FrameStatus.InvalidLength)
            {
                // PostgreSQL logs "invalid message length" (08P01) and drops the connection; we also tell the client.
                flow = Fatal(SqlState.ProtocolViolation, "invalid message length",
                    $"Message type '{(char)message.Code}' has length {length}; the limit is {MessageFramer.MaxLength(message.Code, _options.MaxMessageSize)}.");
                break;
            }

            flow = HandleMessage(in message, reader.Remaining > 0);
        }

        buffer = buffer.Slice(reader.Position);
        return flow;
    }

    /// <summary>Dispatches one message; every exception becomes an ErrorResponse here (the one error boundary).</summary>
    private Flow HandleMessage(in FrontendMessage message, bool moreInput)
    {
        if (_copyIn is not null)
        {
            return HandleCopyInMessage(in message);
        }

        if (_ignoreTillSync && message.Code is not (FrontendMessageCode.Sync or FrontendMessageCode.Terminate))
        {
            return Flow.Continue;
        }

        _inExtendedMessage = message.Code is FrontendMessageCode.Parse or FrontendMessageCode.Bind or FrontendMessageCode.Describe
            or FrontendMessageCode.Execute or FrontendMessageCode.Close or FrontendMessageCode.Flush;
        try
        {
            switch (message.Code)
            {
                case FrontendMessageCode.Query:
                    return FlushIfMoreInput(HandleQuery(in message), moreInput);
                case FrontendMessageCode.Parse:
                    return HandleParse(in message);
                case FrontendMessageCode.Bind:
                    return HandleBind(in message);
                case FrontendMessageCode.Describe:
                    return HandleDescribe(in message);
                case FrontendMessageCode.Execute:
                    return HandleExecute(in message);
                case FrontendMessageCode.Close:
                    return HandleClose(in message);
                case FrontendMessageCode.Sync:
                    return FlushIfMoreInput(HandleSync(in message), moreInput);
                case FrontendMessageCode.Flush:
                    new PayloadReader(message.Payload).EnsureEnd();
                    return moreInput ? Flow.Paused : Flow.Continue;
                case FrontendMessageCode.Terminate:
                    return Flow.Close;
                case FrontendMessageCode.FunctionCall:
                    return HandleFunctionCall();
                default:
                    // CopyData, CopyDone and CopyFail outside COPY are dropped (protocol §55.2.6).
                    return Flow.Continue;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ex);
        }
    }

    /// <summary>Resumes the work a <see cref="Flow.Paused"/> left (a streaming result), with the same error boundary.</summary>
    /// <summary>
    /// After a ReadyForQuery with more input already read: flush before handling it, as PostgreSQL flushes at every
    /// ReadyForQuery. Npgsql pipelines DISCARD ALL ahead of a pooled connection's first command and can cancel that
    /// command only once DISCARD ALL's answer has arrived.
    /// </summary>
    private static Flow FlushIfMoreInput(Flow flow, bool moreInput) => flow == Flow.Continue && moreInput ? Flow.Paused : flow;

    private Flow ResumePending()
    {
        try
        {
            return _pending switch
            {
                PendingWork.SimpleRows or PendingWork.SimpleCopyOut => ContinueSimpleStream(),
                PendingWork.ExtendedRows or PendingWork.ExtendedCopyOut => ContinueExtendedStream(),
                _ => Flow.Continue,
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(ex);
        }
    }

    /// <summary>
    /// Reports a failure: ErrorResponse, the session's transaction fails, and then the simple query ends with
    /// ReadyForQuery, or the extended batch skips to Sync. FATAL errors close the connection.
    /// </summary>
    private Flow Fail(Exception ex)
    {
        var error = ex as PgException;
        if (error is null)
        {
            WireLog.InternalError(_logger, _connectionId, ex.Message, ex);
            error = new PgException(SqlState.InternalError, ex.Message, ex);
        }

        AbandonCurrentWork(error.Message);
        _out.WriteError(error);
        if (error.IsFatal)
        {
            return Flow.Close;
        }

        _session?.OnError();
        if (_script is not null)
        {
            FinishQuery();
        }
        else if (_inExtendedMessage)
        {
            _ignoreTillSync = true;
        }

        return Flow.Continue;
    }

    /// <summary>Sends a FATAL error and asks the loop to close.</summary>
    private Flow Fatal(string sqlState, string message, string? detail = null)
    {
        WireLog.ProtocolError(_logger, _connectionId, sqlState, message);
        _out.WriteError(new PgException(sqlState, message) { Severity = "FATAL", Detail = detail });
        return Flow.Close;
    }

    /// <summary>Flushes the output; false when the client is gone.</summary>
    private async ValueTask<bool> FlushAsync()
    {
        if (_out.UnflushedBytes == 0)
        {
            return true;
        }

        var result = await _pipeOutput.FlushAsync().ConfigureAwait(false);
        _out.ResetUnflushed();
        return !result.IsCompleted && !result.IsCanceled;
    }

    private async Task TrySendFatalAsync(PgException error)
    {
        try
        {
            _out.WriteError(error);
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException
            or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // The client is gone already.
        }
    }

    /// <summary>Sends queued NoticeResponses and ParameterStatus changes (after a statement and before ReadyForQuery).</summary>
    private void DrainSessionMessages()
    {
        if (_session is not { } session)
        {
            return;
        }

        DrainNotices();
        while (session.TryTakeParameterChange(out var change))
        {
            _out.WriteParameterStatus(change.Key, change.Value);
        }
    }

    /// <summary>Sends the NoticeResponses the session queued.</summary>
    private void DrainNotices()
    {
        while (_session is { } session && session.TryTakeNotice(out var notice))
        {
            _out.WriteNotice(notice);
        }
    }

    /// <summary>
    /// CommandComplete, preceded by the statement's notices: PostgreSQL sends a NoticeResponse while the statement runs,
    /// so before its CommandComplete (ParameterStatus changes come after it, before ReadyForQuery).
    /// </summary>
    private void WriteCommandComplete(string tag)
    {
        DrainNotices();
        _out.WriteCommandComplete(tag);
    }

    /// <summary>ReadyForQuery, preceded by whatever the session queued.</summary>
    private void WriteReadyForQuery()
    {
        DrainSessionMessages();
        _out.WriteReadyForQuery(_session!.TransactionStatus);
    }

    private Flow HandleFunctionCall()
    {
        // The fast-path interface is not an extended-query message: the error is followed by ReadyForQuery at once.
        _out.WriteError(new PgException(SqlState.FeatureNotSupported, "fastpath function calls are not supported"));
        _session!.OnError();
        CompleteSync();
        return Flow.Continue;
    }

    private void ReleaseAll()
    {
        AbandonCurrentWork("connection closed");
        foreach (var entry in _portals.Values)
        {
            entry.Portal.Dispose();
        }

        _portals.Clear();
        _statements.Clear();
        _session?.Dispose();
        _session = null;
    }
}
