using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using OmenDb.Common;

namespace OmenDb.Engine.Functions;

/// <summary>The errors built-in functions raise, with PostgreSQL's SQLSTATEs and message texts.</summary>
internal static class FunctionErrors
{
    [DoesNotReturn, StackTraceHidden]
    public static T IntegerOutOfRange<T>() => ThrowHelper.Throw<T>(SqlState.NumericValueOutOfRange, "integer out of range");

    [DoesNotReturn, StackTraceHidden]
    public static T SmallintOutOfRange<T>() => ThrowHelper.Throw<T>(SqlState.NumericValueOutOfRange, "smallint out of range");

    [DoesNotReturn, StackTraceHidden]
    public static T BigintOutOfRange<T>() => ThrowHelper.Throw<T>(SqlState.NumericValueOutOfRange, "bigint out of range");

    [DoesNotReturn, StackTraceHidden]
    public static T DivisionByZero<T>() => ThrowHelper.Throw<T>(SqlState.DivisionByZero, "division by zero");

    [DoesNotReturn, StackTraceHidden]
    public static T FloatOverflow<T>() => ThrowHelper.Throw<T>(SqlState.NumericValueOutOfRange, "value out of range: overflow");

    [DoesNotReturn, StackTraceHidden]
    public static T FloatUnderflow<T>() => ThrowHelper.Throw<T>(SqlState.NumericValueOutOfRange, "value out of range: underflow");

    [DoesNotReturn, StackTraceHidden]
    public static T NumericOverflow<T>() => ThrowHelper.Throw<T>(SqlState.NumericValueOutOfRange, "value overflows numeric format");

    [DoesNotReturn, StackTraceHidden]
    public static T InvalidParameter<T>(string message) => ThrowHelper.Throw<T>(SqlState.InvalidParameterValue, message);

    [DoesNotReturn, StackTraceHidden]
    public static T TimestampOutOfRange<T>() => ThrowHelper.Throw<T>(SqlState.DatetimeFieldOverflow, "timestamp out of range");

    [DoesNotReturn, StackTraceHidden]
    public static T IntervalOutOfRange<T>() => ThrowHelper.Throw<T>(SqlState.DatetimeFieldOverflow, "interval out of range");

    [DoesNotReturn, StackTraceHidden]
    public static T DateOutOfRange<T>() => ThrowHelper.Throw<T>(SqlState.DatetimeFieldOverflow, "date out of range");

    [DoesNotReturn, StackTraceHidden]
    public static T Error<T>(string sqlState, string message) => ThrowHelper.Throw<T>(sqlState, message);
}
