namespace OmenDb.Engine.Functions;

/// <summary>
/// What a function may read besides its arguments: the statement's clock, the session's time zone and
/// random source, and settings. One per statement execution; not thread-safe.
/// </summary>
public sealed class EvalContext
{
    /// <summary>The session's TimeZone setting (timestamptz input/output, AT TIME ZONE, date_trunc on timestamptz).</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>The TimeZone setting's text, as SHOW prints it.</summary>
    public string TimeZoneName { get; set; } = "UTC";

    /// <summary>Start of the current transaction, microseconds since 2000-01-01 UTC (now(), current_timestamp).</summary>
    public long TransactionTimestamp { get; set; }

    /// <summary>Start of the current statement, microseconds since 2000-01-01 UTC (statement_timestamp()).</summary>
    public long StatementTimestamp { get; set; }

    /// <summary>The session's random source (random(), setseed()).</summary>
    public Random Random { get; set; } = Random.Shared;

    /// <summary>extra_float_digits; 1 (the default) means shortest round-trip output.</summary>
    public int ExtraFloatDigits { get; set; } = 1;

    /// <summary>Reads a setting by name (current_setting), or null if unknown. Set by the session.</summary>
    public Func<string, string?>? GetSetting { get; set; }

    /// <summary>set_config(name, value, is_local): validates and applies a setting (a null value resets it), returning its
    /// new value. Set by the session.</summary>
    public Func<string, string?, bool, string>? SetConfig { get; set; }

    /// <summary>Throws 57014 when the statement was cancelled or ran past statement_timeout; long-running functions
    /// (pg_sleep) call it between slices of work. Set by the session.</summary>
    public Action? CheckInterrupts { get; set; }

    /// <summary>pg_backend_pid(): the session's process id, the one BackendKeyData, pg_locks and pg_stat_activity show. Set by the session.</summary>
    public int BackendPid { get; set; }

    /// <summary>pg_cancel_backend / pg_terminate_backend (pid, terminate): signals the session with that process id, or warns
    /// and returns false when there is none. Set by the session.</summary>
    public Func<int, bool, bool>? SignalBackend { get; set; }

    /// <summary>DateStyle's field order for all-numeric date input ("MDY", "DMY" or "YMD").</summary>
    public string DateOrder { get; set; } = "MDY";
}
