using OmenDb.Sql.Ast;
using OmenDb.Sql.Printing;

namespace OmenDb.Sql.Tests;

/// <summary>Fully parenthesised rendering of an expression tree, to assert its shape independently of the printer.</summary>
internal static class Sexpr
{
    public static string Of(Expr e) => e switch
    {
        ColumnRef c => string.Join('.', c.Parts),
        IntegerLiteral i => i.Text,
        NumericLiteral n => n.Text,
        StringLiteral s => "'" + s.Value + "'",
        BooleanLiteral b => b.Value ? "true" : "false",
        NullLiteral => "null",
        ParameterRef p => "$" + p.Number,
        UnaryExpr u => $"({(u.OpSchema is null ? "" : u.OpSchema + ".")}{u.Op} {Of(u.Operand)})",
        BinaryExpr b => $"({Of(b.Left)} {(b.OpSchema is null ? "" : b.OpSchema + ".")}{b.Op} {Of(b.Right)})",
        AndExpr a => "(and " + string.Join(' ', a.Operands.Select(Of)) + ")",
        OrExpr o => "(or " + string.Join(' ', o.Operands.Select(Of)) + ")",
        NotExpr n => $"(not {Of(n.Operand)})",
        IsNullExpr n => $"({Of(n.Operand)} is{(n.Negated ? "-not" : "")}-null)",
        IsBoolExpr b => $"({Of(b.Operand)} is{(b.Negated ? "-not" : "")}-{b.Test.ToString().ToLowerInvariant()})",
        IsDistinctFromExpr d => $"({Of(d.Left)} is{(d.Negated ? "-not" : "")}-distinct-from {Of(d.Right)})",
        BetweenExpr b => $"({Of(b.Operand)} {(b.Negated ? "not-" : "")}between{(b.Symmetric ? "-symmetric" : "")} {Of(b.Low)} {Of(b.High)})",
        InListExpr l => $"({Of(l.Operand)} {(l.Negated ? "not-" : "")}in " + string.Join(' ', l.Items.Select(Of)) + ")",
        InSubqueryExpr s => $"({Of(s.Operand)} {(s.Negated ? "not-" : "")}in-subquery)",
        QuantifiedArrayExpr q => $"({Of(q.Left)} {q.Op} {q.Quantifier.ToString().ToLowerInvariant()} {Of(q.Array)})",
        QuantifiedSubqueryExpr q => $"({Of(q.Left)} {q.Op} {q.Quantifier.ToString().ToLowerInvariant()} subquery)",
        LikeExpr l => $"({Of(l.Operand)} {(l.Negated ? "not-" : "")}{l.Kind.ToString().ToLowerInvariant()} {Of(l.Pattern)}"
            + (l.Escape is null ? "" : " escape " + Of(l.Escape)) + ")",
        CastExpr c => $"(cast {Of(c.Operand)} {SqlPrinter.Print(c.Type)})",
        CollateExpr c => $"(collate {Of(c.Operand)} {c.Collation})",
        SubscriptExpr s => $"(subscript {Of(s.Operand)} {(s.Lower is null ? "_" : Of(s.Lower))}{(s.IsSlice ? ":" + (s.Upper is null ? "_" : Of(s.Upper)) : "")})",
        FieldSelectExpr f => $"(field {Of(f.Operand)} {f.Field ?? "*"})",
        FunctionCall f => $"({f.Name}" + string.Concat(f.Args.Select(a => " " + Of(a))) + ")",
        RowExpr r => "(row " + string.Join(' ', r.Fields.Select(Of)) + ")",
        ArrayExpr a => "(array " + string.Join(' ', a.Elements.Select(Of)) + ")",
        _ => SqlPrinter.Print(e),
    };
}
