namespace OmenDb.Engine.Functions.Operators;

/// <summary>The six comparison operators, in pg_operator's registration order (= &lt;&gt; &lt; &lt;= &gt; &gt;=).</summary>
internal enum ComparisonKind : byte
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// <summary>Names, parsing and the algebra of <see cref="ComparisonKind"/>.</summary>
internal static class ComparisonKinds
{
    /// <summary>Operator names indexed by kind.</summary>
    public static readonly string[] Names = ["=", "<>", "<", "<=", ">", ">="];

    /// <summary>The kind of an operator name, or null when it is not a comparison.</summary>
    public static ComparisonKind? Parse(string name) => Array.IndexOf(Names, name) is var i and >= 0 ? (ComparisonKind)i : null;

    /// <summary>The operator with its operands swapped: a &lt; b is b &gt; a.</summary>
    public static ComparisonKind Mirror(this ComparisonKind kind) => kind switch
    {
        ComparisonKind.Lt => ComparisonKind.Gt,
        ComparisonKind.Le => ComparisonKind.Ge,
        ComparisonKind.Gt => ComparisonKind.Lt,
        ComparisonKind.Ge => ComparisonKind.Le,
        _ => kind,
    };

    /// <summary>Whether a three-way comparison result <paramref name="c"/> satisfies the operator.</summary>
    public static bool Test(this ComparisonKind kind, int c) => kind switch
    {
        ComparisonKind.Eq => c == 0,
        ComparisonKind.Ne => c != 0,
        ComparisonKind.Lt => c < 0,
        ComparisonKind.Le => c <= 0,
        ComparisonKind.Gt => c > 0,
        _ => c >= 0,
    };
}
