using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OmenDb.Common;

namespace OmenDb.Engine.Types;

/// <summary>
/// The errors the type input/output and cast functions raise, with PostgreSQL 15's SQLSTATEs and message texts.
/// Factories are non-inlined so the callers stay small.
/// </summary>
internal static class TypeErrors
{
    /// <summary>22P02 <c>invalid input syntax for type integer: "abc"</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PgException InvalidSyntax(string typeName, string text) =>
        new(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {typeName}: \"{text}\"");

    /// <summary>22003 <c>value "99999999999" is out of range for type integer</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PgException ValueOutOfRange(string text, string typeName) =>
        new(SqlState.NumericValueOutOfRange, $"value \"{text}\" is out of range for type {typeName}");

    /// <summary>22003 <c>"1e400" is out of range for type double precision</c> (the float wording has no "value").</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PgException FloatOutOfRange(string text, string typeName) =>
        new(SqlState.NumericValueOutOfRange, $"\"{text}\" is out of range for type {typeName}");

    /// <summary>Any error with a SQLSTATE, message and optional detail.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PgException Create(string sqlState, string message, string? detail = null) =>
        new(sqlState, message) { Detail = detail };

    /// <summary>Throws <see cref="Create"/>.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static T Throw<T>(string sqlState, string message, string? detail = null) => throw Create(sqlState, message, detail);

    /// <summary>Throws <see cref="Create"/>.</summary>
    [DoesNotReturn, StackTraceHidden]
    public static void Throw(string sqlState, string message, string? detail = null) => throw Create(sqlState, message, detail);
}
