using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Lexing;

/// <summary>
/// One token: kind, the source span [Start, End) in characters, and its text (folded identifier, decoded string,
/// number digits, operator).
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text)
{
    /// <summary>Keyword category of an unquoted identifier (None for everything else).</summary>
    public KeywordCategory Keyword { get; init; }

    /// <summary>How a string constant was written.</summary>
    public StringLiteralKind StringKind { get; init; }

    /// <summary>True when this is the given unquoted word (lower-case argument), keyword or not.</summary>
    public bool Is(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    /// <summary>True when this is the given operator text.</summary>
    public bool IsOp(string op) => Kind == TokenKind.Operator && Text == op;
}
