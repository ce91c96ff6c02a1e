namespace OmenDb.Engine.Functions;

/// <summary>
/// Calls a scalar function or operator on one row's arguments (CLR values per <c>PgTypeKind</c>; null is SQL NULL).
/// For strict functions the caller never passes a null argument: it returns null itself.
/// Errors are thrown as PgException with PostgreSQL's SQLSTATE.
/// </summary>
public delegate object? ScalarInvoker(ReadOnlySpan<object?> args, EvalContext context);

/// <summary>Converts one non-null value to another type; <paramref name="typmod"/> is the target's modifier or -1.</summary>
public delegate object CastInvoker(object value, int typmod, EvalContext context);
