using OmenDb.Common;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Tests;

/// <summary>PostgreSQL 15 scan.l rules.</summary>
public sealed class LexerTests
{
    /// <summary>Tokens rendered as "Kind:text" joined by spaces.</summary>
    private static string Lex(string sql) =>
        string.Join(' ', Lexer.Tokenize(sql).Select(t => $"{t.Kind}:{t.Text}"));

    [Theory]
    [InlineData("SELECT Foo, \"Bar\", _x$1", "Identifier:select Identifier:foo Comma:, QuotedIdentifier:Bar Comma:, Identifier:_x$1")]
    [InlineData("\"a\"\"b\"", "QuotedIdentifier:a\"b")]
    [InlineData("ÉtÉ", "Identifier:Ét\u00c9")]
    [InlineData("42 4.2 .5 5. 1e10 1.5e-3 1E+2", "Integer:42 Numeric:4.2 Numeric:.5 Numeric:5. Numeric:1e10 Numeric:1.5e-3 Numeric:1E+2")]
    [InlineData("1..2", "Integer:1 DotDot:.. Integer:2")]
    [InlineData("$1 $23", "Param:1 Param:23")]
    [InlineData("a::int", "Identifier:a DoubleColon::: Identifier:int")]
    [InlineData("x := 1 => y", "Identifier:x ColonEquals::= Integer:1 EqualsGreater:=> Identifier:y")]
    [InlineData("a[1:2]", "Identifier:a LBracket:[ Integer:1 Colon:: Integer:2 RBracket:]")]
    [InlineData("a<=b>=c<>d!=e", "Identifier:a Operator:<= Identifier:b Operator:>= Identifier:c Operator:<> Identifier:d Operator:!= Identifier:e")]
    [InlineData("a=-1", "Identifier:a Operator:= Operator:- Integer:1")]
    [InlineData("a@-1", "Identifier:a Operator:@- Integer:1")]
    [InlineData("a*-1", "Identifier:a Operator:* Operator:- Integer:1")]
    [InlineData("a<->b", "Identifier:a Operator:<-> Identifier:b")]
    [InlineData("a<#>b a<=>b a<+>b", "Identifier:a Operator:<#> Identifier:b Identifier:a Operator:<=> Identifier:b Identifier:a Operator:<+> Identifier:b")]
    [InlineData("a||b", "Identifier:a Operator:|| Identifier:b")]
    [InlineData("a+--comment\nb", "Identifier:a Operator:+ Identifier:b")]
    [InlineData("a*/*c*/b", "Identifier:a Operator:* Identifier:b")]
    [InlineData("/* a /* nested */ b */ x", "Identifier:x")]
    [InlineData("-- only a comment", "")]
    [InlineData("'it''s'", "String:it's")]
    [InlineData("'a'\n'b'", "String:ab")]
    [InlineData("'a' -- c\n  'b'", "String:ab")]
    [InlineData("'a' 'b'", "String:a String:b")]
    [InlineData("E'a\\nb\\t\\\\\\'c'", "String:a\nb\t\\'c")]
    [InlineData("e'\\x41\\101\\u0041\\U00000041'", "String:AAAA")]
    [InlineData("E'\\xc3\\xa9'", "String:é")]
    [InlineData("E'\\q'", "String:q")]
    [InlineData("'a\\nb'", "String:a\\nb")]
    [InlineData("$$a'b$$", "String:a'b")]
    [InlineData("$tag$a$$b$tag$", "String:a$$b")]
    [InlineData("U&'\\0041\\+000042'", "String:AB")]
    [InlineData("U&\"\\0061b\"", "QuotedIdentifier:ab")]
    [InlineData("B'101' X'ff'", "BitString:101 HexString:ff")]
    [InlineData("N'x'", "String:x")]
    [InlineData("a.b.*", "Identifier:a Dot:. Identifier:b Dot:. Operator:*")]
    [InlineData("(a);", "LParen:( Identifier:a RParen:) Semicolon:;")]
    public void Tokens(string sql, string expected) => Assert.Equal(expected, Lex(sql));

    [Fact]
    public void KeywordCategoriesFollowPostgres()
    {
        var tokens = Lexer.Tokenize("select value position left foo \"select\"");
        Assert.Equal(KeywordCategory.Reserved, tokens[0].Keyword);
        Assert.Equal(KeywordCategory.Unreserved, tokens[1].Keyword);
        Assert.Equal(KeywordCategory.ColumnName, tokens[2].Keyword);
        Assert.Equal(KeywordCategory.TypeFuncName, tokens[3].Keyword);
        Assert.Equal(KeywordCategory.None, tokens[4].Keyword);
        Assert.Equal(KeywordCategory.None, tokens[5].Keyword);
    }

    [Fact]
    public void IdentifiersAreTruncatedTo63Bytes()
    {
        var tokens = Lexer.Tokenize(new string('a', 70) + " \"" + new string('é', 40) + "\"");
        Assert.Equal(new string('a', 63), tokens[0].Text);
        Assert.Equal(new string('é', 31), tokens[1].Text);
    }

    [Fact]
    public void StringKindsAreKept()
    {
        var tokens = Lexer.Tokenize("'a' E'b' $$c$$ U&'d'");
        Assert.Equal(
            [StringLiteralKind.Standard, StringLiteralKind.Escape, StringLiteralKind.Dollar, StringLiteralKind.Unicode],
            tokens.Select(t => t.StringKind).ToArray());
    }

    [Fact]
    public void PositionsAreCharacterOffsets()
    {
        var tokens = Lexer.Tokenize("SELECT  'é', x");
        Assert.Equal([0, 8, 11, 13], tokens.Select(t => t.Start).ToArray());
        Assert.Equal([6, 11, 12, 14], tokens.Select(t => t.End).ToArray());
    }

    [Fact]
    public void HugeStringLiteralIsDecodedOnce()
    {
        var body = new string('x', 5_000_000);
        var tokens = Lexer.Tokenize("SELECT '" + body + "'");
        Assert.Equal(body, tokens[1].Text);
        var escaped = Lexer.Tokenize("SELECT E'" + body + "\\n'");
        Assert.Equal(body.Length + 1, escaped[1].Text.Length);
    }

    [Theory]
    [InlineData("SELECT E'\\0'")]
    [InlineData("SELECT E'\\xff'")]
    public void InvalidByteSequencesAre22021(string sql)
    {
        var e = Assert.Throws<PgException>(() => Lexer.Tokenize(sql));
        Assert.Equal(SqlState.CharacterNotInRepertoire, e.SqlState);
    }
}
