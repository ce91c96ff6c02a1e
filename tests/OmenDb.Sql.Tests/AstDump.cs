using System.Collections;
using System.Reflection;
using System.Text;
using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Tests;

/// <summary>
/// Structural rendering of an AST via reflection, ignoring source positions and spelling-only details, so that
/// parse(print(parse(x))) can be compared with parse(x) node for node.
/// </summary>
internal static class AstDump
{
    private static readonly HashSet<string> s_ignored =
    [
        nameof(SqlNode.Position), nameof(InsertStatement.ColumnPositions), nameof(BinaryExpr.OperatorPosition), nameof(StringLiteral.Kind), nameof(TypeName.IsSystemSpelling),
        "EqualityContract",
    ];

    public static string Of(object? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case string s:
                sb.Append('"').Append(s).Append('"');
                return;
            case bool or int or long or Enum:
                sb.Append(value);
                return;
            case IEnumerable list:
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    Write(sb, item);
                }

                sb.Append(']');
                return;
        }

        var type = value.GetType();
        sb.Append(type.Name).Append('{');
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (s_ignored.Contains(p.Name) || p.GetIndexParameters().Length > 0 || !p.CanWrite && p.Name is "Name" or "Schema" or "Catalog" or "IsArray" or "Keyword")
            {
                continue;
            }

            sb.Append(p.Name).Append('=');
            Write(sb, p.GetValue(value));
            sb.Append(' ');
        }

        sb.Append('}');
    }
}
