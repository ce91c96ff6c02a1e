namespace OmenDb.Engine.Types;

/// <summary>
/// PostgreSQL's text input and output functions for every built-in type (typinput/typoutput), byte for byte
/// as PostgreSQL 15 prints them with DateStyle ISO, MDY, IntervalStyle postgres, extra_float_digits 1.
/// </summary>
public static partial class ValueText
{
}
