using System.Text;

namespace OmenDb.Engine.Types;

/// <summary>The kind of one jsonpath item (PostgreSQL's JsonPathItemType).</summary>
internal enum JsonPathKind
{
    /// <summary>null.</summary>
    Null,
    /// <summary>"text".</summary>
    String,
    /// <summary>A number (its numeric text).</summary>
    Numeric,
    /// <summary>true / false.</summary>
    Bool,
    /// <summary>a &amp;&amp; b.</summary>
    And,
    /// <summary>a || b.</summary>
    Or,
    /// <summary>!(a).</summary>
    Not,
    /// <summary>(a) is unknown.</summary>
    IsUnknown,
    /// <summary>a == b.</summary>
    Equal,
    /// <summary>a != b (also written &lt;&gt;).</summary>
    NotEqual,
    /// <summary>a &lt; b.</summary>
    Less,
    /// <summary>a &gt; b.</summary>
    Greater,
    /// <summary>a &lt;= b.</summary>
    LessOrEqual,
    /// <summary>a &gt;= b.</summary>
    GreaterOrEqual,
    /// <summary>a starts with b.</summary>
    StartsWith,
    /// <summary>a like_regex "pattern" [flag "flags"].</summary>
    LikeRegex,
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a - b.</summary>
    Sub,
    /// <summary>a * b.</summary>
    Mul,
    /// <summary>a / b.</summary>
    Div,
    /// <summary>a % b.</summary>
    Mod,
    /// <summary>+a.</summary>
    Plus,
    /// <summary>-a.</summary>
    Minus,
    /// <summary>exists (a).</summary>
    Exists,
    /// <summary>$.</summary>
    Root,
    /// <summary>@.</summary>
    Current,
    /// <summary>last (inside an array subscript).</summary>
    Last,
    /// <summary>$name.</summary>
    Variable,
    /// <summary>.key.</summary>
    Key,
    /// <summary>.*.</summary>
    AnyKey,
    /// <summary>[*].</summary>
    AnyArray,
    /// <summary>[i, j to k].</summary>
    IndexArray,
    /// <summary>.** or .**{m to n}.</summary>
    Any,
    /// <summary>?(predicate).</summary>
    Filter,
    /// <summary>.type().</summary>
    Type,
    /// <summary>.size().</summary>
    Size,
    /// <summary>.abs().</summary>
    Abs,
    /// <summary>.floor().</summary>
    Floor,
    /// <summary>.ceiling().</summary>
    Ceiling,
    /// <summary>.double().</summary>
    Double,
    /// <summary>.keyvalue().</summary>
    KeyValue,
    /// <summary>.datetime([template]).</summary>
    Datetime,
}

/// <summary>One jsonpath item and the accessor chain that follows it (<see cref="Next"/>).</summary>
internal sealed class JsonPathItem(JsonPathKind kind)
{
    /// <summary>.** without an upper bound (and "last" as a level).</summary>
    public const uint LastLevel = uint.MaxValue;

    public JsonPathKind Kind { get; } = kind;

    /// <summary>The operand of a unary item, the left operand of a binary one, the predicate of a filter.</summary>
    public JsonPathItem? Left { get; set; }

    /// <summary>The right operand of a binary item.</summary>
    public JsonPathItem? Right { get; set; }

    /// <summary>A key, string, variable name, numeric text, regex pattern or datetime template.</summary>
    public string? Text { get; set; }

    /// <summary>The value of a boolean literal.</summary>
    public bool Bool { get; set; }

    /// <summary>like_regex flags in canonical order (a subset of "ismxq").</summary>
    public string? Flags { get; set; }

    /// <summary>The subscripts of [i, j to k].</summary>
    public List<(JsonPathItem From, JsonPathItem? To)>? Subscripts { get; set; }

    /// <summary>.** bounds (levels; <see cref="LastLevel"/> for last).</summary>
    public uint First { get; set; }

    /// <summary>.** upper bound.</summary>
    public uint Last { get; set; } = LastLevel;

    /// <summary>The next accessor in the chain, or null at the end.</summary>
    public JsonPathItem? Next { get; set; }

    /// <summary>True for items that yield a boolean (predicates).</summary>
    public bool IsPredicate => Kind is JsonPathKind.And or JsonPathKind.Or or JsonPathKind.Not or JsonPathKind.IsUnknown
        or JsonPathKind.Equal or JsonPathKind.NotEqual or JsonPathKind.Less or JsonPathKind.Greater or JsonPathKind.LessOrEqual
        or JsonPathKind.GreaterOrEqual or JsonPathKind.StartsWith or JsonPathKind.LikeRegex or JsonPathKind.Exists;
}

/// <summary>
/// A parsed jsonpath (PostgreSQL docs 8.14.7 and 9.16.2): lax or strict mode and the root item. The type's text
/// form is <see cref="ToString"/>, PostgreSQL's normalised printing (quoted keys, bracketed operators).
/// </summary>
internal sealed partial class ParsedJsonPath(bool strict, JsonPathItem root)
{
    public bool Strict { get; } = strict;

    public JsonPathItem Root { get; } = root;

    /// <summary>jsonpath_in: parses and prints canonically; 42601 on a syntax error.</summary>
    public static string Normalize(string text) => Parse(text).ToString();

    /// <summary>jsonpath_out.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Strict)
        {
            sb.Append("strict ");
        }

        Print(sb, Root, inKey: false, brackets: true);
        return sb.ToString();
    }

    /// <summary>Binding strength used to decide where printing needs parentheses (operationPriority).</summary>
    private static int Priority(JsonPathKind kind) => kind switch
    {
        JsonPathKind.Or => 0,
        JsonPathKind.And => 1,
        JsonPathKind.Equal or JsonPathKind.NotEqual or JsonPathKind.Less or JsonPathKind.Greater or JsonPathKind.LessOrEqual
            or JsonPathKind.GreaterOrEqual or JsonPathKind.StartsWith => 2,
        JsonPathKind.Add or JsonPathKind.Sub => 3,
        JsonPathKind.Mul or JsonPathKind.Div or JsonPathKind.Mod => 4,
        JsonPathKind.Plus or JsonPathKind.Minus => 5,
        _ => 6,
    };

    /// <summary>The spelling of an operator or method.</summary>
    internal static string OperationName(JsonPathKind kind) => kind switch
    {
        JsonPathKind.And => "&&",
        JsonPathKind.Or => "||",
        JsonPathKind.Equal => "==",
        JsonPathKind.NotEqual => "!=",
        JsonPathKind.Less => "<",
        JsonPathKind.Greater => ">",
        JsonPathKind.LessOrEqual => "<=",
        JsonPathKind.GreaterOrEqual => ">=",
        JsonPathKind.StartsWith => "starts with",
        JsonPathKind.LikeRegex => "like_regex",
        JsonPathKind.Add or JsonPathKind.Plus => "+",
        JsonPathKind.Sub or JsonPathKind.Minus => "-",
        JsonPathKind.Mul => "*",
        JsonPathKind.Div => "/",
        JsonPathKind.Mod => "%",
        JsonPathKind.Type => "type",
        JsonPathKind.Size => "size",
        JsonPathKind.Abs => "abs",
        JsonPathKind.Floor => "floor",
        JsonPathKind.Ceiling => "ceiling",
        JsonPathKind.Double => "double",
        JsonPathKind.KeyValue => "keyvalue",
        JsonPathKind.Datetime => "datetime",
        _ => kind.ToString(),
    };

    private static void Print(StringBuilder sb, JsonPathItem v, bool inKey, bool brackets)
    {
        switch (v.Kind)
        {
            case JsonPathKind.Null:
                sb.Append("null");
                break;
            case JsonPathKind.String:
                JsonText.WriteString(sb, v.Text!);
                break;
            case JsonPathKind.Numeric:
                var parenthesize = v.Next is not null;
                sb.Append(parenthesize ? "(" : "").Append(v.Text).Append(parenthesize ? ")" : "");
                break;
            case JsonPathKind.Bool:
                sb.Append(v.Bool ? "true" : "false");
                break;
            case JsonPathKind.And or JsonPathKind.Or or JsonPathKind.Equal or JsonPathKind.NotEqual or JsonPathKind.Less
                or JsonPathKind.Greater or JsonPathKind.LessOrEqual or JsonPathKind.GreaterOrEqual or JsonPathKind.StartsWith
                or JsonPathKind.Add or JsonPathKind.Sub or JsonPathKind.Mul or JsonPathKind.Div or JsonPathKind.Mod:
                sb.Append(brackets ? "(" : "");
                Print(sb, v.Left!, false, Priority(v.Left!.Kind) <= Priority(v.Kind));
                sb.Append(' ').Append(OperationName(v.Kind)).Append(' ');
                Print(sb, v.Right!, false, Priority(v.Right!.Kind) <= Priority(v.Kind));
                sb.Append(brackets ? ")" : "");
                break;
            case JsonPathKind.LikeRegex:
                sb.Append(brackets ? "(" : "");
                Print(sb, v.Left!, false, Priority(v.Left!.Kind) <= Priority(v.Kind));
                sb.Append(" like_regex ");
                JsonText.WriteString(sb, v.Text!);
                if (!string.IsNullOrEmpty(v.Flags))
                {
                    sb.Append(" flag \"").Append(v.Flags).Append('"');
                }

                sb.Append(brackets ? ")" : "");
                break;
            case JsonPathKind.Plus or JsonPathKind.Minus:
                sb.Append(brackets ? "(" : "").Append(v.Kind == JsonPathKind.Plus ? '+' : '-');
                Print(sb, v.Left!, false, Priority(v.Left!.Kind) <= Priority(v.Kind));
                sb.Append(brackets ? ")" : "");
                break;
            case JsonPathKind.Filter:
                sb.Append("?(");
                Print(sb, v.Left!, false, false);
                sb.Append(')');
                break;
            case JsonPathKind.Not:
                sb.Append("!(");
                Print(sb, v.Left!, false, false);
                sb.Append(')');
                break;
            case JsonPathKind.IsUnknown:
                sb.Append('(');
                Print(sb, v.Left!, false, false);
                sb.Append(") is unknown");
                break;
            case JsonPathKind.Exists:
                sb.Append("exists (");
                Print(sb, v.Left!, false, false);
                sb.Append(')');
                break;
            case JsonPathKind.Current:
                sb.Append('@');
                break;
            case JsonPathKind.Root:
                sb.Append('$');
                break;
            case JsonPathKind.Variable:
                sb.Append('$');
                JsonText.WriteString(sb, v.Text!);
                break;
            case JsonPathKind.Last:
                sb.Append("last");
                break;
            case JsonPathKind.Key:
                sb.Append(inKey ? "." : "");
                JsonText.WriteString(sb, v.Text!);
                break;
            case JsonPathKind.AnyKey:
                sb.Append(inKey ? "." : "").Append('*');
                break;
            case JsonPathKind.AnyArray:
                sb.Append("[*]");
                break;
            case JsonPathKind.IndexArray:
                sb.Append('[');
                for (var i = 0; i < v.Subscripts!.Count; i++)
                {
                    sb.Append(i > 0 ? "," : "");
                    Print(sb, v.Subscripts[i].From, false, false);
                    if (v.Subscripts[i].To is { } to)
                    {
                        sb.Append(" to ");
                        Print(sb, to, false, false);
                    }
                }

                sb.Append(']');
                break;
            case JsonPathKind.Any:
                sb.Append(inKey ? "." : "").Append("**");
                if (v.First == v.Last)
                {
                    sb.Append('{').Append(Level(v.First)).Append('}');
                }
                else if (v.First != 0 || v.Last != JsonPathItem.LastLevel)
                {
                    sb.Append('{').Append(Level(v.First)).Append(" to ").Append(Level(v.Last)).Append('}');
                }

                break;
            case JsonPathKind.Datetime:
                sb.Append(".datetime(");
                if (v.Text is not null)
                {
                    JsonText.WriteString(sb, v.Text);
                }

                sb.Append(')');
                break;
            default:
                // The other methods: .type(), .size(), ...
                sb.Append('.').Append(OperationName(v.Kind)).Append("()");
                break;
        }

        if (v.Next is not null)
        {
            Print(sb, v.Next, true, true);
        }
    }

    private static string Level(uint level)
        => level == JsonPathItem.LastLevel ? "last" : level.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
