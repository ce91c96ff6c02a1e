using System.Diagnostics.CodeAnalysis;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>
/// Recursive-descent parser for PostgreSQL 15's grammar (gram.y), with Pratt parsing for expressions
/// (Parser.Expressions.cs). Statement families live in partial files by concern. Tokens are pulled lazily from the
/// <see cref="Lexer"/> so that errors surface in source order, as in PostgreSQL.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>
    /// Nesting limit for expressions and queries: deeper input gets 54001 instead of a stack overflow. PostgreSQL 15
    /// accepts 1000 nested parentheses or a 1000-term sum and rejects 5000; 1500 sits between.
    /// </summary>
    private const int MaxDepth = 1500;

    private readonly Lexer _lexer;
    private readonly List<Token> _tokens = new(16);
    private int _index;
    private int _depth;
    private OmenDb.Common.PgException? _speculativeError;

    private Parser(string sql)
    {
        _lexer = new Lexer(sql);
    }

    private string Source => _lexer.Source;

    // ---- entry points -------------------------------------------------------------------------------------------

    /// <summary>See <see cref="SqlParser.ParseScript"/>.</summary>
    public static IReadOnlyList<ParsedSql> ParseScript(string sql)
    {
        var p = new Parser(sql);
        var result = new List<ParsedSql>();
        while (true)
        {
            while (p.Current.Kind == TokenKind.Semicolon)
            {
                p.Advance();
            }

            if (p.Current.Kind == TokenKind.End)
            {
                return result;
            }

            var start = p.Current.Start;
            var stmt = p.ParseStatementTop();
            var end = p.Previous.End;
            if (p.Current.Kind != TokenKind.Semicolon && p.Current.Kind != TokenKind.End)
            {
                p.Fail();
            }

            result.Add(new ParsedSql(stmt, start, end - start));
        }
    }

    /// <summary>See <see cref="SqlParser.ParseStatement"/>.</summary>
    public static Statement? ParseSingleStatement(string sql)
    {
        var p = new Parser(sql);
        while (p.Current.Kind == TokenKind.Semicolon)
        {
            p.Advance();
        }

        if (p.Current.Kind == TokenKind.End)
        {
            return null;
        }

        var stmt = p.ParseStatementTop();
        while (p.Current.Kind == TokenKind.Semicolon)
        {
            p.Advance();
        }

        if (p.Current.Kind != TokenKind.End)
        {
            p.Fail();
        }

        return stmt;
    }

    /// <summary>See <see cref="SqlParser.ParseExpression"/>.</summary>
    public static Expr ParseStandaloneExpression(string sql)
    {
        var p = new Parser(sql);
        var e = p.ParseExpr();
        p.ExpectEnd();
        return e;
    }

    /// <summary>See <see cref="SqlParser.ParseTypeName"/>.</summary>
    public static TypeName ParseStandaloneTypeName(string sql)
    {
        var p = new Parser(sql);
        var t = p.ParseTypeName();
        p.ExpectEnd();
        return t;
    }

    private void ExpectEnd()
    {
        if (Current.Kind != TokenKind.End)
        {
            Fail();
        }
    }

    // ---- token access -------------------------------------------------------------------------------------------

    private Token Current => Peek(0);

    private Token Previous => _index > 0 ? _tokens[_index - 1] : default;

    private Token Peek(int ahead)
    {
        var want = _index + ahead;
        while (_tokens.Count <= want)
        {
            if (_tokens.Count > 0 && _tokens[^1].Kind == TokenKind.End)
            {
                return _tokens[^1];
            }

            _tokens.Add(_lexer.Next());
        }

        return _tokens[want];
    }

    private Token Advance()
    {
        var t = Current;
        if (t.Kind != TokenKind.End)
        {
            _index++;
        }

        return t;
    }

    /// <summary>True (and consumes) when the current token is the unquoted word.</summary>
    private bool Accept(string word)
    {
        if (Current.Is(word))
        {
            _index++;
            return true;
        }

        return false;
    }

    private bool Accept(TokenKind kind)
    {
        if (Current.Kind == kind)
        {
            _index++;
            return true;
        }

        return false;
    }

    private bool AcceptOp(string op)
    {
        if (Current.IsOp(op))
        {
            _index++;
            return true;
        }

        return false;
    }

    private bool AcceptSequence(string first, string second)
    {
        if (Current.Is(first) && Peek(1).Is(second))
        {
            _index += 2;
            return true;
        }

        return false;
    }

    private Token Expect(string word)
    {
        if (!Current.Is(word))
        {
            Fail();
        }

        return Advance();
    }

    private Token Expect(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            Fail();
        }

        return Advance();
    }

    private void ExpectOp(string op)
    {
        if (!Current.IsOp(op))
        {
            Fail();
        }

        Advance();
    }

    private bool At(string word) => Current.Is(word);

    private bool AtOp(string op) => Current.IsOp(op);

    /// <summary>Throws PostgreSQL's "syntax error at or near" for the current token.</summary>
    [DoesNotReturn]
    private void Fail() => FailAt(Current);

    [DoesNotReturn]
    private void FailAt(Token t)
    {
        // A speculative parse (subquery vs. expression) that got further explains the error better, as bison would.
        var here = t.Kind == TokenKind.End ? Source.Length + 1 : t.Start + 1;
        if (_speculativeError is not null && _speculativeError.Position > here)
        {
            throw _speculativeError;
        }

        if (t.Kind == TokenKind.End)
        {
            SqlErrors.Syntax("syntax error at end of input", Source.Length);
        }

        SqlErrors.Syntax($"syntax error at or near \"{Source[t.Start..t.End]}\"", t.Start);
    }

    [DoesNotReturn]
    private T Fail<T>()
    {
        Fail();
        return default!;
    }

    /// <summary>Enters one nesting level of expressions/queries; throws 54001 past <see cref="MaxDepth"/>.</summary>
    private void Enter()
    {
        if (++_depth > MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            SqlErrors.TooDeep();
        }
    }

    private void Leave() => _depth--;
}
