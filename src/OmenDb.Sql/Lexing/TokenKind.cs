namespace OmenDb.Sql.Lexing;

/// <summary>Lexical token kinds (PostgreSQL scan.l's token classes).</summary>
internal enum TokenKind : byte
{
    /// <summary>End of input.</summary>
    End,
    /// <summary>Unquoted identifier or keyword; text folded to lower case.</summary>
    Identifier,
    /// <summary>"Quoted" identifier; text as written (never a keyword).</summary>
    QuotedIdentifier,
    /// <summary>String constant; text is the decoded value.</summary>
    String,
    /// <summary>B'...' bit string; text is the digits.</summary>
    BitString,
    /// <summary>X'...' hex bit string; text is the digits.</summary>
    HexString,
    /// <summary>Integer digits.</summary>
    Integer,
    /// <summary>Decimal or exponent number.</summary>
    Numeric,
    /// <summary>$n; text is the digits.</summary>
    Param,
    /// <summary>Operator, including the single characters + - * / % ^ &lt; &gt; =.</summary>
    Operator,
    /// <summary>(</summary>
    LParen,
    /// <summary>)</summary>
    RParen,
    /// <summary>[</summary>
    LBracket,
    /// <summary>]</summary>
    RBracket,
    /// <summary>,</summary>
    Comma,
    /// <summary>;</summary>
    Semicolon,
    /// <summary>.</summary>
    Dot,
    /// <summary>:</summary>
    Colon,
    /// <summary>::</summary>
    DoubleColon,
    /// <summary>:=</summary>
    ColonEquals,
    /// <summary>=&gt;</summary>
    EqualsGreater,
    /// <summary>..</summary>
    DotDot,
}
