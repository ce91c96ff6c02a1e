namespace OmenDb.Sql.Ast;

/// <summary>A column reference <c>col</c>, <c>t.col</c>, <c>s.t.col</c> (parts folded like all identifiers).</summary>
public sealed record ColumnRef(IReadOnlyList<string> Parts) : Expr
{
    /// <summary>The column name (last part).</summary>
    public string Name => Parts[^1];
}

/// <summary><c>*</c> (empty <see cref="Qualifier"/>) or <c>t.*</c> / <c>s.t.*</c> in a target list or count(*).</summary>
public sealed record StarExpr(IReadOnlyList<string> Qualifier) : Expr;

/// <summary>
/// A subscript <c>x[i]</c> (<see cref="IsSlice"/> false, <see cref="Lower"/> = i) or a slice <c>x[a:b]</c>
/// (either bound may be null: <c>x[:b]</c>, <c>x[a:]</c>). Chains nest: <c>x[1][2]</c> = Subscript(Subscript(x,1),2).
/// </summary>
public sealed record SubscriptExpr(Expr Operand, Expr? Lower, Expr? Upper, bool IsSlice) : Expr;

/// <summary>Field selection <c>(x).field</c>; <see cref="Field"/> null means <c>(x).*</c>.</summary>
public sealed record FieldSelectExpr(Expr Operand, string? Field) : Expr;
