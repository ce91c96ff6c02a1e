namespace OmenDb.Sql.Ast;

/// <summary>
/// An integer constant that fits in int8. <see cref="Text"/> is the digits as written; a unary minus applied to a
/// constant is folded into it (as PostgreSQL's doNegate does), so Text may start with '-'. The binder types it int4 when
/// <see cref="Value"/> fits, else int8.
/// </summary>
public sealed record IntegerLiteral(string Text, long Value) : Expr;

/// <summary>A numeric constant (decimal point, exponent, or an integer too large for int8), as written (may start with '-' after folding).</summary>
public sealed record NumericLiteral(string Text) : Expr;

/// <summary>How a string constant was written; the value is the same decoded text.</summary>
public enum StringLiteralKind
{
    /// <summary><c>'...'</c>.</summary>
    Standard,
    /// <summary><c>E'...'</c> with backslash escapes.</summary>
    Escape,
    /// <summary><c>$$...$$</c> or <c>$tag$...$tag$</c>.</summary>
    Dollar,
    /// <summary><c>U&amp;'...'</c>.</summary>
    Unicode,
}

/// <summary>A string constant (type unknown until bound). <see cref="Value"/> is the decoded text.</summary>
public sealed record StringLiteral(string Value, StringLiteralKind Kind = StringLiteralKind.Standard) : Expr;

/// <summary>A bit-string constant <c>B'101'</c> or <c>X'1F'</c>; <see cref="Text"/> is the digits between the quotes.</summary>
public sealed record BitStringLiteral(string Text, bool IsHex) : Expr;

/// <summary>TRUE or FALSE.</summary>
public sealed record BooleanLiteral(bool Value) : Expr;

/// <summary>NULL.</summary>
public sealed record NullLiteral : Expr;

/// <summary><c>$n</c>, a parameter of the extended query protocol or PREPARE (1-based).</summary>
public sealed record ParameterRef(int Number) : Expr;

/// <summary><c>DEFAULT</c> as a value in INSERT ... VALUES or UPDATE ... SET.</summary>
public sealed record DefaultExpr : Expr;
