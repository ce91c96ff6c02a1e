using System.Text;
using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Printing;

/// <summary>
/// Prints any AST node back to SQL that parses to the same tree. Output is canonical: keywords upper case,
/// identifiers quoted only when needed, type names in PostgreSQL's internal spelling, parentheses added exactly
/// where precedence requires them.
/// </summary>
public static class SqlPrinter
{
    /// <summary>Prints a statement, expression, type name or any other node.</summary>
    public static string Print(SqlNode node)
    {
        var w = new SqlWriter();
        w.Node(node);
        return w.ToString();
    }

    /// <summary>Quotes an identifier when PostgreSQL would (not a plain lower-case name, or a non-unreserved keyword).</summary>
    public static string QuoteIdentifier(string name) => SqlWriter.QuoteIdent(name);

    /// <summary>A string constant: <c>'it''s'</c>.</summary>
    public static string QuoteString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>The printer's state: one StringBuilder, one method per node family (partial files by concern).</summary>
internal sealed partial class SqlWriter
{
    private readonly StringBuilder _sb = new(256);

    public override string ToString() => _sb.ToString();

    private SqlWriter Append(string s)
    {
        _sb.Append(s);
        return this;
    }

    private SqlWriter Append(char c)
    {
        _sb.Append(c);
        return this;
    }

    public void Node(SqlNode node)
    {
        switch (node)
        {
            case Expr e:
                Expr(e);
                break;
            case Statement s:
                Statement(s);
                break;
            case TypeName t:
                Type(t);
                break;
            case QualifiedName q:
                Name(q);
                break;
            case QueryBody b:
                Body(b, 0);
                break;
            case TableRef r:
                TableRef(r);
                break;
            case ResultTarget t:
                Target(t);
                break;
            case SortItem s:
                Sort(s);
                break;
            case WindowSpec w:
                WindowSpec(w);
                break;
            case WithClause w:
                With(w);
                break;
            case TableElement e:
                TableElement(e);
                break;
            case AlterTableAction a:
                AlterAction(a);
                break;
            case DefElem d:
                DefElem(d);
                break;
            case SequenceOption o:
                SequenceOption(o);
                break;
            case IndexElement i:
                IndexElement(i);
                break;
            case SetClause c:
                SetClause(c);
                break;
            default:
                throw new ArgumentException($"no printer for {node.GetType().Name}", nameof(node));
        }
    }

    // ---- identifiers and lists ----------------------------------------------------------------------------------

    /// <summary>Quotes unless the name is [a-z_][a-z0-9_$]* and not a keyword other than an unreserved one.</summary>
    internal static string QuoteIdent(string name)
    {
        var safe = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_');
        for (var i = 1; safe && i < name.Length; i++)
        {
            var c = name[i];
            safe = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_' || c == '$';
        }

        if (safe)
        {
            var category = Keywords.Lookup(name);
            safe = category is KeywordCategory.None or KeywordCategory.Unreserved;
        }

        return safe ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private SqlWriter Ident(string name) => Append(QuoteIdent(name));

    private void Name(QualifiedName q) => Names(q.Parts);

    private void Names(IReadOnlyList<string> parts)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                Append('.');
            }

            Ident(parts[i]);
        }
    }

    private void IdentList(IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                Append(", ");
            }

            Ident(names[i]);
        }
    }

    private void ParenIdentList(IReadOnlyList<string> names)
    {
        Append('(');
        IdentList(names);
        Append(')');
    }

    private void List<T>(IReadOnlyList<T> items, Action<T> print, string separator = ", ")
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                Append(separator);
            }

            print(items[i]);
        }
    }

    private void ExprList(IReadOnlyList<Expr> items) => List(items, e => Expr(e));

    private void NameList(IReadOnlyList<QualifiedName> names) => List(names, Name);

    private void String(string value) => Append(SqlPrinter.QuoteString(value));

    // ---- options --------------------------------------------------------------------------------------------------

    private void DefElem(DefElem d)
    {
        Append(QuoteOptionName(d.Name));
        if (d.Value is not null)
        {
            Append(' ');
            OptionValue(d.Value);
        }
    }

    private static string QuoteOptionName(string name)
    {
        if (!name.Contains('.', StringComparison.Ordinal))
        {
            return QuoteOptionPart(name);
        }

        var parts = name.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = QuoteOptionPart(parts[i]);
        }

        return string.Join('.', parts);
    }

    /// <summary>Option names are ColLabels: any keyword is allowed unquoted, other odd names are quoted.</summary>
    private static string QuoteOptionPart(string part)
    {
        var quoted = QuoteIdent(part);
        return quoted[0] == '"' && Keywords.Lookup(part) != KeywordCategory.None ? part : quoted;
    }

    private void OptionValue(OptionValue v)
    {
        switch (v.Kind)
        {
            case OptionValueKind.String:
                String(v.Text);
                break;
            case OptionValueKind.Number:
                Append(v.Text);
                break;
            case OptionValueKind.Star:
                Append('*');
                break;
            case OptionValueKind.Null:
                Append("NULL");
                break;
            case OptionValueKind.List:
                ParenIdentList(v.Items);
                break;
            default:
                Append(QuoteOptionName(v.Text));
                break;
        }
    }

    private void DefElemList(IReadOnlyList<DefElem> options)
    {
        Append('(');
        List(options, d =>
        {
            Append(QuoteOptionName(d.Name));
            if (d.Value is not null)
            {
                Append(" = ");
                OptionValue(d.Value);
            }
        });
        Append(')');
    }

    // ---- types ----------------------------------------------------------------------------------------------------

    /// <summary>Single-part type names printed without quotes because the parser maps their keyword spelling back.</summary>
    private static bool IsKeywordTypeName(string name) => name is "interval" or "time" or "timestamp" or "numeric" or "varchar" or "bit";

    private void Type(TypeName t)
    {
        TypeWithoutInterval(t, withModifiers: true);
        Append(IntervalFieldsText(t.IntervalFields, t.Modifiers));
        foreach (var b in t.ArrayBounds)
        {
            Append(b < 0 ? "[]" : $"[{b}]");
        }
    }

    private void TypeWithoutInterval(TypeName t, bool withModifiers)
    {
        if (t.Names.Count == 1 && IsKeywordTypeName(t.Name))
        {
            Append(t.Name);
        }
        else
        {
            Names(t.Names);
        }

        // An interval's seconds precision with fields is printed after the fields.
        if (withModifiers && t.Modifiers.Count > 0 && !(t.Name == "interval" && t.IntervalFields != IntervalFields.None))
        {
            Append('(');
            ExprList(t.Modifiers);
            Append(')');
        }
    }

    private string IntervalFieldsText(IntervalFields fields, IReadOnlyList<Expr> modifiers)
    {
        if (fields == IntervalFields.None)
        {
            return "";
        }

        var text = fields switch
        {
            IntervalFields.Year => " YEAR",
            IntervalFields.Month => " MONTH",
            IntervalFields.Day => " DAY",
            IntervalFields.Hour => " HOUR",
            IntervalFields.Minute => " MINUTE",
            IntervalFields.Second => " SECOND",
            IntervalFields.YearToMonth => " YEAR TO MONTH",
            IntervalFields.DayToHour => " DAY TO HOUR",
            IntervalFields.DayToMinute => " DAY TO MINUTE",
            IntervalFields.DayToSecond => " DAY TO SECOND",
            IntervalFields.HourToMinute => " HOUR TO MINUTE",
            IntervalFields.HourToSecond => " HOUR TO SECOND",
            _ => " MINUTE TO SECOND",
        };
        if (modifiers.Count > 0 && modifiers[0] is IntegerLiteral p)
        {
            text += "(" + p.Text + ")";
        }

        return text;
    }
}
