using System.Buffers;
using OmenDb.Common;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Framing;
using OmenDb.Wire.Messages;
using OmenDb.Wire.Types;

namespace OmenDb.Wire;

// Extended query (protocol §55.2.3): Parse, Bind, Describe, Execute, Close, Sync. After an error every message up
// to Sync is discarded. Error texts and SQLSTATEs are PostgreSQL 15's (postgres.c exec_*_message).
internal sealed partial class PgConnection
{
    /// <summary>Prepared statements by name; the unnamed one is "".</summary>
    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>Portals by name; the unnamed one is "".</summary>
    private readonly Dictionary<string, PortalEntry> _portals = new(StringComparer.Ordinal);

    /// <summary>An extended-query message failed: discard everything until Sync.</summary>
    private bool _ignoreTillSync;

    /// <summary>The message being handled is an extended-query one (its error starts discarding until Sync).</summary>
    private bool _inExtendedMessage;

    // Per-connection scratch for Parse and Bind, grown on demand and reused.
    private uint[] _parameterOids = new uint[16];
    private short[] _formatCodes = new short[16];
    private ReadOnlySequence<byte>[] _parameterBytes = new ReadOnlySequence<byte>[16];
    private bool[] _parameterIsNull = new bool[16];

    private Flow HandleParse(in FrontendMessage message)
    {
        var reader = new PayloadReader(message.Payload);
        var name = reader.ReadName(_names);
        var sql = reader.ReadCString();
        int count = (ushort)reader.ReadInt16();
        EnsureCapacity(ref _parameterOids, count);
        for (var i = 0; i < count; i++)
        {
            _parameterOids[i] = (uint)reader.ReadInt32();
        }

        reader.EnsureEnd();
        if (name.Length > 0 && _statements.ContainsKey(name))
        {
            ThrowHelper.Throw(SqlState.DuplicatePstatement, $"prepared statement \"{name}\" already exists");
        }

        _statements[name] = _session!.Prepare(sql, _parameterOids.AsSpan(0, count));
        _out.WriteRaw(PregeneratedMessages.ParseComplete);
        return Flow.Continue;
    }

    private Flow HandleBind(in FrontendMessage message)
    {
        var reader = new PayloadReader(message.Payload);
        var portalName = reader.ReadName(_names);
        var statementName = reader.ReadName(_names);
        var statement = FindStatement(statementName);

        int formatCount = (ushort)reader.ReadInt16();
        EnsureCapacity(ref _formatCodes, formatCount);
        for (var i = 0; i < formatCount; i++)
        {
            _formatCodes[i] = reader.ReadInt16();
        }

        int parameterCount = (ushort)reader.ReadInt16();
        if (formatCount > 1 && formatCount != parameterCount)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, $"bind message has {formatCount} parameter formats but {parameterCount} parameters");
        }

        var types = statement.ParameterTypes;
        if (parameterCount != types.Count)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation,
                $"bind message supplies {parameterCount} parameters, but prepared statement \"{statementName}\" requires {types.Count}");
        }

        EnsureCapacity(ref _parameterBytes, parameterCount);
        EnsureCapacity(ref _parameterIsNull, parameterCount);
        try
        {
            for (var i = 0; i < parameterCount; i++)
            {
                var length = reader.ReadInt32();
                _parameterIsNull[i] = length == -1;
                _parameterBytes[i] = length == -1 ? default : reader.ReadBytes(length);
            }

            var values = parameterCount == 0 ? [] : new object?[parameterCount];
            for (var i = 0; i < parameterCount; i++)
            {
                var format = formatCount == 0 ? (short)0 : _formatCodes[formatCount == 1 ? 0 : i];
                if (format is not (0 or 1))
                {
                    ThrowHelper.Throw(SqlState.InvalidParameterValue, $"unsupported format code: {format}");
                }

                if (!_parameterIsNull[i])
                {
                    values[i] = ParameterDecoder.Decode(types[i], format == 1, _parameterBytes[i], i + 1);
                }
            }

            var formats = ReadResultFormats(ref reader, statement.Columns?.Count ?? 0);
            reader.EnsureEnd();
            if (portalName.Length > 0 && _portals.ContainsKey(portalName))
            {
                ThrowHelper.Throw(SqlState.DuplicateCursor, $"cursor \"{portalName}\" already exists");
            }

            // Binding a new unnamed portal drops the previous one.
            DropPortal(portalName);
            _portals[portalName] = new PortalEntry(_session!.Bind(statement, values), formats.WithStyle(_session.OutputStyle));
        }
        finally
        {
            // Do not keep the input buffer's segments alive.
            Array.Clear(_parameterBytes, 0, parameterCount);
        }

        _out.WriteRaw(PregeneratedMessages.BindComplete);
        return Flow.Continue;
    }

    /// <summary>Result-format codes: none (all text), one (for all) or one per column; each must be 0 or 1.</summary>
    private static ResultFormats ReadResultFormats(ref PayloadReader reader, int columnCount)
    {
        int count = (ushort)reader.ReadInt16();
        if (count == 0)
        {
            return ResultFormats.AllText;
        }

        if (count == 1)
        {
            return CheckFormat(reader.ReadInt16()) ? ResultFormats.AllBinary : ResultFormats.AllText;
        }

        if (count != columnCount)
        {
            ThrowHelper.Throw(SqlState.ProtocolViolation, $"bind message has {count} result formats but query has {columnCount} columns");
        }

        var binary = new bool[count];
        for (var i = 0; i < count; i++)
        {
            binary[i] = CheckFormat(reader.ReadInt16());
        }

        return ResultFormats.PerColumn(binary);

        static bool CheckFormat(short code)
        {
            if (code is not (0 or 1))
            {
                ThrowHelper.Throw(SqlState.InvalidParameterValue, $"unsupported format code: {code}");
            }

            return code == 1;
        }
    }

    private Flow HandleDescribe(in FrontendMessage message)
    {
        var reader = new PayloadReader(message.Payload);
        var kind = reader.ReadByte();
        var name = reader.ReadName(_names);
        reader.EnsureEnd();
        switch (kind)
        {
            case (byte)'S':
                var statement = FindStatement(name);
                _out.WriteParameterDescription(statement.ParameterTypes);
                if (statement.Columns is { } columns)
                {
                    // Formats are not known before Bind: Describe of a statement reports text (0).
                    _out.WriteRowDescription(columns, ResultFormats.AllText);
                }
                else
                {
                    _out.WriteRaw(PregeneratedMessages.NoData);
                }

                break;
            case (byte)'P':
                var entry = FindPortal(name);
                if (entry.Portal.Kind == PortalKind.Rows && entry.Portal.Columns is { } portalColumns)
                {
                    _out.WriteRowDescription(portalColumns, entry.Formats);
                }
                else
                {
                    _out.WriteRaw(PregeneratedMessages.NoData);
                }

                break;
            default:
                ThrowHelper.Throw(SqlState.ProtocolViolation, $"invalid DESCRIBE message subtype {kind}");
                break;
        }

        return Flow.Continue;
    }

    private Flow HandleExecute(in FrontendMessage message)
    {
        var reader = new PayloadReader(message.Payload);
        var name = reader.ReadName(_names);
        var maxRows = reader.ReadInt32();
        reader.EnsureEnd();
        var entry = FindPortal(name);
        var portal = entry.Portal;
        switch (portal.Kind)
        {
            case PortalKind.Rows:
                StartStream(entry, Math.Max(0, maxRows), PendingWork.ExtendedRows);
                return StreamRows();
            case PortalKind.Empty:
                _out.WriteRaw(PregeneratedMessages.EmptyQueryResponse);
                return Flow.Continue;
            case PortalKind.CopyIn:
                BeginCopyIn(entry);
                return Flow.Continue;
            case PortalKind.CopyOut:
                StartStream(entry, 0, PendingWork.ExtendedCopyOut);
                return StartCopyOut();
            default:
                portal.TryFetch(0, out _);
                WriteCommandComplete(portal.CommandTag ?? string.Empty);
                DrainSessionMessages();
                return Flow.Continue;
        }
    }

    /// <summary>Resumes a paused Execute.</summary>
    private Flow ContinueExtendedStream()
        => _pending == PendingWork.ExtendedCopyOut ? StreamCopyOut() : StreamRows();

    private Flow HandleClose(in FrontendMessage message)
    {
        var reader = new PayloadReader(message.Payload);
        var kind = reader.ReadByte();
        var name = reader.ReadName(_names);
        reader.EnsureEnd();
        switch (kind)
        {
            case (byte)'S':
                // Closing a statement that does not exist is not an error.
                _statements.Remove(name);
                break;
            case (byte)'P':
                DropPortal(name);
                break;
            default:
                ThrowHelper.Throw(SqlState.ProtocolViolation, $"invalid CLOSE message subtype {kind}");
                break;
        }

        _out.WriteRaw(PregeneratedMessages.CloseComplete);
        return Flow.Continue;
    }

    private Flow HandleSync(in FrontendMessage message)
    {
        _ignoreTillSync = false;
        if (message.Payload.Length != 0)
        {
            _out.WriteError(new PgException(SqlState.ProtocolViolation, "invalid message format"));
            _session!.OnError();
        }

        CompleteSync();
        return Flow.Continue;
    }

    private PreparedStatement FindStatement(string name)
    {
        if (!_statements.TryGetValue(name, out var statement))
        {
            ThrowHelper.Throw(SqlState.InvalidSqlStatementName, $"prepared statement \"{name}\" does not exist");
        }

        return statement;
    }

    private PortalEntry FindPortal(string name)
    {
        if (!_portals.TryGetValue(name, out var entry))
        {
            ThrowHelper.Throw(SqlState.InvalidCursorName, $"portal \"{name}\" does not exist");
        }

        return entry;
    }

    private void DropPortal(string name)
    {
        if (_portals.Remove(name, out var entry))
        {
            entry.Portal.Dispose();
        }
    }

    private void DropAllPortals()
    {
        if (_portals.Count == 0)
        {
            return;
        }

        foreach (var entry in _portals.Values)
        {
            entry.Portal.Dispose();
        }

        _portals.Clear();
    }

    private static void EnsureCapacity<T>(ref T[] array, int count)
    {
        if (array.Length < count)
        {
            array = new T[Math.Max(count, array.Length * 2)];
        }
    }
}
