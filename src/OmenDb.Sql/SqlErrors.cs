using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OmenDb.Common;

namespace OmenDb.Sql;

/// <summary>Throw helpers for the front end's user errors, with PostgreSQL's message texts.</summary>
internal static class SqlErrors
{
    /// <summary>Throws 42601 with the message and a 0-based offset (reported 1-based, PostgreSQL's field P).</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Syntax(string message, int offset) => throw Create(SqlState.SyntaxError, message, offset, null);

    /// <summary>Throws a PgException with any SQLSTATE and a 0-based offset.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Throw(string sqlState, string message, int offset, string? hint = null) =>
        throw Create(sqlState, message, offset, hint);

    /// <summary>Builds the exception (non-inlined so callers stay small). A negative offset leaves Position 0.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PgException Create(string sqlState, string message, int offset, string? hint) =>
        new(sqlState, message) { Position = offset < 0 ? 0 : offset + 1, Hint = hint };

    /// <summary>Throws 54001 "stack depth limit exceeded" like PostgreSQL's check_stack_depth().</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void TooDeep() => throw Create(SqlState.StatementTooComplex, "stack depth limit exceeded", -1,
        "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.");
}
