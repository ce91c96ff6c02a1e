using OmenDb.Common;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Sessions;

// Run-time parameters (SET / SHOW / RESET, SET LOCAL, set_config): values live in _settings under their canonical
// names. A change inside a transaction block is undone by ROLLBACK, and SET LOCAL lasts until the block ends; outside a
// block SET applies at once. RESET returns to the value the session started with (its startup parameters, else the
// boot value). Owned by the session's one thread, like the rest of the session.
public sealed partial class Session
{
    private readonly Dictionary<string, string> _resetValues = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, string>? _txPriorSettings;
    private Dictionary<string, string>? _txSessionSettings;
    private OutputStyle _outputStyle = OutputStyle.Default;
    private (string TimeZone, string Bytea, string FloatDigits) _outputStyleKey = ("UTC", "hex", "1");

    /// <summary>The TimeZone setting's zone.</summary>
    public TimeZoneInfo TimeZone => OutputStyle.TimeZone;

    /// <summary>How values are written as text now: timestamptz in the TimeZone setting, bytea per bytea_output, floats per extra_float_digits.</summary>
    public OutputStyle OutputStyle
    {
        get
        {
            if (_outputStyleVersion != _settingsVersion)
            {
                _outputStyleVersion = _settingsVersion;
                var key = (_settings["TimeZone"], _settings["bytea_output"], _settings["extra_float_digits"]);
                if (key != _outputStyleKey)
                {
                    _outputStyleKey = key;
                    _outputStyle = new OutputStyle(SettingDefinitions.ResolveTimeZone(key.Item1) ?? TimeZoneInfo.Utc, key.Item2 == "escape",
                        int.Parse(key.Item3, System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return _outputStyle;
        }
    }

    /// <summary>Counts changes made through <see cref="StoreSetting"/>, so values derived from settings are
    /// recomputed only after one changed, not parsed again for every statement.</summary>
    private int _settingsVersion = 1;
    private int _outputStyleVersion;
    private int _statementSettingsVersion;
    private StatementSettings? _statementSettings;

    /// <summary>The settings every statement reads, in the form it uses them.</summary>
    private StatementSettings CurrentStatementSettings
    {
        get
        {
            if (_statementSettingsVersion != _settingsVersion || _statementSettings is null)
            {
                _statementSettingsVersion = _settingsVersion;
                _statementSettings = new StatementSettings(
                    _settings["TimeZone"],
                    _settings["DateStyle"].Split(',')[^1].Trim(),
                    SettingDefinition.ParseStoredInteger(_settings["statement_timeout"], "ms"),
                    !string.Equals(_settings["synchronous_commit"], "off", StringComparison.OrdinalIgnoreCase));
            }

            return _statementSettings;
        }
    }

    private sealed record StatementSettings(string TimeZoneName, string DateOrder, long StatementTimeoutMs, bool SynchronousCommit);

    /// <summary>Boot values, then the client's startup parameters (application_name, DateStyle, TimeZone...), which
    /// also become the values RESET returns to. Unknown or invalid startup parameters are ignored.</summary>
    private void InitSettings(IReadOnlyDictionary<string, string> startupParameters)
    {
        foreach (var d in SettingDefinitions.All)
        {
            _settings[d.Name] = d.BootValue;
        }

        if (_engine.Options.MaxConnections > 0)
        {
            _settings["max_connections"] = _engine.Options.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in startupParameters)
        {
            if (SettingDefinitions.Find(name) is { Context: SettingContext.User } d)
            {
                try
                {
                    _settings[d.Name] = d.Normalize(name, value, _settings[d.Name]);
                }
                catch (PgException)
                {
                    // PostgreSQL refuses the connection here; a client sending a bad value still gets a session.
                }
            }
        }

        foreach (var (k, v) in _settings)
        {
            _resetValues[k] = v;
        }
    }

    private IReadOnlyList<KeyValuePair<string, string>> GetReportedParameters()
        => [.. SettingDefinitions.All.Where(d => d.Reported).Select(d => new KeyValuePair<string, string>(d.Name, _settings[d.Name]))
            .Append(new("session_authorization", UserName)).OrderBy(p => p.Key, StringComparer.Ordinal)];

    internal string? GetSetting(string name) => _settings.TryGetValue(name, out var v) ? v : null;

    /// <summary>Applies a validated value, remembering what a ROLLBACK (or the end of a SET LOCAL) restores.</summary>
    private void ApplySetting(string name, string value, bool isLocal)
    {
        var key = SettingDefinitions.Find(name)?.Name ?? name;
        if (_txStatus is TransactionStatus.InBlock or TransactionStatus.Failed && !_implicitTx)
        {
            _txPriorSettings ??= new(StringComparer.OrdinalIgnoreCase);
            _txSessionSettings ??= new(StringComparer.OrdinalIgnoreCase);
            _txPriorSettings.TryAdd(key, _settings.TryGetValue(key, out var prior) ? prior : "");
            if (!isLocal)
            {
                _txSessionSettings[key] = value;
            }
        }

        StoreSetting(key, value);
    }

    private void StoreSetting(string key, string value)
    {
        var changed = !_settings.TryGetValue(key, out var old) || old != value;
        _settings[key] = value;
        _settingsVersion++;
        if (changed && SettingDefinitions.Find(key) is { Reported: true })
        {
            _parameterChanges.Enqueue(new(key, value));
        }
    }

    /// <summary>At COMMIT, SET LOCAL values give way to the session's; at ROLLBACK every change of the block is undone.</summary>
    private void EndSettingsTransaction(bool committed)
    {
        if (_txPriorSettings is null)
        {
            return;
        }

        foreach (var (key, prior) in _txPriorSettings)
        {
            StoreSetting(key, committed && _txSessionSettings!.TryGetValue(key, out var kept) ? kept : prior);
        }

        _txPriorSettings = null;
        _txSessionSettings = null;
    }

    private void ExecuteSet(SetStatement s)
    {
        var name = s.Name;
        var isLocal = s.Scope == SetScope.Local;
        if (s.IsDefault)
        {
            ResetOne(name, isLocal);
            return;
        }

        if (name.Equals("session_authorization", StringComparison.OrdinalIgnoreCase))
        {
            SetSessionAuthorization(s.Values[0].Text);
            return;
        }

        var value = string.Join(", ", s.Values.Select(v => v.Kind == OptionValueKind.Word && name.Equals("search_path", StringComparison.OrdinalIgnoreCase)
            ? QuoteIdentifierIfNeeded(v.Text) : v.Text));
        SetConfig(name, value, isLocal);
    }

    /// <summary>SET name = value (and set_config, where a null value resets): validates, canonicalises and applies;
    /// returns the new value.</summary>
    internal string SetConfig(string name, string? value, bool isLocal)
    {
        if (value is null)
        {
            ResetOne(name, isLocal);
            return GetSetting(name) ?? "";
        }

        string canonical;
        var d = SettingDefinitions.Find(name);
        if (d is null)
        {
            if (!name.Contains('.', StringComparison.Ordinal))
            {
                throw new PgException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
            }

            canonical = value;
        }
        else
        {
            RequireChangeable(d);
            if (d.Name == "transaction_isolation")
            {
                // The level of the running transaction is chosen by BEGIN / SET TRANSACTION; accepted as a no-op.
                return d.Normalize(name, value, _settings[d.Name]);
            }

            canonical = d.Normalize(name, value, _settings[d.Name]);
        }

        if (isLocal && (_txStatus == TransactionStatus.Idle || _implicitTx))
        {
            Notice(new PgNotice("WARNING", SqlState.NoActiveSqlTransaction, "SET LOCAL can only be used in transaction blocks"));
            return canonical;
        }

        ApplySetting(name, canonical, isLocal);
        return canonical;
    }

    private static void RequireChangeable(SettingDefinition d)
    {
        if (d.Context == SettingContext.Internal)
        {
            throw new PgException(SqlState.CantChangeRuntimeParam, $"parameter \"{d.Name}\" cannot be changed");
        }

        if (d.Context == SettingContext.Postmaster)
        {
            throw new PgException(SqlState.CantChangeRuntimeParam, $"parameter \"{d.Name}\" cannot be changed without restarting the server");
        }
    }

    private void ResetOne(string name, bool isLocal)
    {
        if (name.Equals("session_authorization", StringComparison.OrdinalIgnoreCase))
        {
            return; // RESET / SET SESSION AUTHORIZATION DEFAULT: the session user never changes, so nothing to undo
        }

        var d = SettingDefinitions.Find(name);
        if (d is null)
        {
            if (!name.Contains('.', StringComparison.Ordinal))
            {
                throw new PgException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
            }

            if (_settings.ContainsKey(name))
            {
                ApplySetting(name, "", isLocal);
            }

            return;
        }

        RequireChangeable(d);
        ApplySetting(d.Name, _resetValues[d.Name], isLocal);
    }

    /// <summary>
    /// SET SESSION AUTHORIZATION role: accepted for the session's own user (Npgsql's connection reset sends the DEFAULT
    /// form); switching to another role is not implemented, so it is refused rather than silently ignored.
    /// </summary>
    private void SetSessionAuthorization(string role)
    {
        if (_engine.FindRole(role) is null)
        {
            throw new PgException(SqlState.UndefinedObject, $"role \"{role}\" does not exist");
        }

        if (role != UserName)
        {
            throw new PgException(SqlState.FeatureNotSupported, "SET SESSION AUTHORIZATION to another role is not supported");
        }
    }

    /// <summary>
    /// DISCARD ALL (PostgreSQL's DiscardAll): RESET ALL, DEALLOCATE ALL, forget sequence state (DISCARD SEQUENCES).
    /// CLOSE ALL, UNLISTEN * and pg_advisory_unlock_all() have nothing to release; plans are re-made on catalog change
    /// anyway (DISCARD PLANS) and temporary tables are not per session yet (DISCARD TEMP).
    /// </summary>
    private void DiscardAll()
    {
        ExecuteReset(new ResetStatement(null));
        _sqlPrepared.Clear();
        DiscardSequences();
    }

    private void ExecuteReset(ResetStatement r)
    {
        if (r.Name is not null)
        {
            ResetOne(r.Name, false);
            return;
        }

        foreach (var d in SettingDefinitions.All)
        {
            if (d.Context == SettingContext.User && d.Name != "transaction_isolation")
            {
                ApplySetting(d.Name, _resetValues[d.Name], false);
            }
        }
    }

    private static IReadOnlyList<ResultColumn> ShowColumns(string name)
        => name.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? [new ResultColumn("name", PgTypes.Text), new ResultColumn("setting", PgTypes.Text), new ResultColumn("description", PgTypes.Text)]
            : [new ResultColumn(SettingDefinitions.Find(name)?.Name ?? name, PgTypes.Text)];

    /// <summary>Every known parameter with its current value, in name order (SHOW ALL; the rows pg_settings needs).</summary>
    internal IReadOnlyList<(SettingDefinition Definition, string Value)> CurrentSettings()
        => [.. SettingDefinitions.All.Select(d => (d, _settings[d.Name]))];

    private List<object?[]> ShowRows(string name)
    {
        if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            // The description column is empty: OmenDb does not carry PostgreSQL's descriptions.
            return [.. CurrentSettings().Select(s => new object?[] { s.Definition.Name, s.Value, "" })];
        }

        if (name.Equals("session_authorization", StringComparison.OrdinalIgnoreCase))
        {
            return [[UserName]];
        }

        var v = GetSetting(name) ?? throw new PgException(SqlState.UndefinedObject, $"unrecognized configuration parameter \"{name}\"");
        return [[v]];
    }

    /// <summary>Whether a notice of this severity reaches the client under client_min_messages.</summary>
    private bool NoticeWanted(string severity)
    {
        static int Level(string s) => s.ToLowerInvariant() switch
        {
            "debug5" or "debug4" or "debug3" or "debug2" or "debug1" or "debug" => 0,
            "log" => 1,
            "notice" => 2,
            "warning" => 3,
            "info" => int.MaxValue,
            _ => 4,
        };

        return Level(severity) >= Level(_settings["client_min_messages"]);
    }

    private static string QuoteIdentifierIfNeeded(string ident)
        => ident.Length > 0 && (char.IsAsciiLetterLower(ident[0]) || ident[0] == '_')
            && ident.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '$')
            ? ident
            : "\"" + ident.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
