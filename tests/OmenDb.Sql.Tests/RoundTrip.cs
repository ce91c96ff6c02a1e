using OmenDb.Sql.Ast;
using OmenDb.Sql.Parsing;
using OmenDb.Sql.Printing;

namespace OmenDb.Sql.Tests;

/// <summary>parse → print → parse → print must be stable; returns the canonical text.</summary>
internal static class RoundTrip
{
    public static string Canonical(string sql)
    {
        var first = SqlParser.ParseStatement(sql) ?? throw new InvalidOperationException("empty statement");
        var printed = SqlPrinter.Print(first);
        Statement second;
        try
        {
            second = SqlParser.ParseStatement(printed)!;
        }
        catch (OmenDb.Common.PgException e)
        {
            throw new InvalidOperationException($"printed text does not parse ({e.Message} at {e.Position}): {printed}", e);
        }

        var reprinted = SqlPrinter.Print(second);
        Assert.Equal(printed, reprinted);
        Assert.Equal(AstDump.Of(first), AstDump.Of(second));
        return printed;
    }

    public static string CanonicalExpr(string sql)
    {
        var first = SqlParser.ParseExpression(sql);
        var printed = SqlPrinter.Print(first);
        var second = SqlParser.ParseExpression(printed);
        var reprinted = SqlPrinter.Print(second);
        Assert.Equal(printed, reprinted);
        Assert.Equal(AstDump.Of(first), AstDump.Of(second));
        return printed;
    }
}
