using OmenDb.Sql.Ast;
using OmenDb.Sql.Lexing;

namespace OmenDb.Sql.Parsing;

/// <summary>OVER clauses, window specifications, frames and sort lists.</summary>
internal sealed partial class Parser
{
    private WindowSpec ParseOverClause()
    {
        var t = Current;
        if (t.Kind != TokenKind.LParen)
        {
            var name = ParseColId();
            return new WindowSpec(name, [], [], null) { Position = t.Start, IsBareName = true };
        }

        return ParseWindowSpecification();
    }

    /// <summary>( [existing] [PARTITION BY ...] [ORDER BY ...] [frame] ).</summary>
    private WindowSpec ParseWindowSpecification()
    {
        var start = Expect(TokenKind.LParen).Start;
        string? refName = null;
        var c = Current;
        if (IsColId(c) && !(c.Is("partition") || c.Is("order") || c.Is("range") || c.Is("rows") || c.Is("groups")))
        {
            refName = Advance().Text;
        }

        Expr[] partition = [];
        if (At("partition") && Peek(1).Is("by"))
        {
            Advance();
            Advance();
            partition = ParseExprList();
        }

        SortItem[] order = [];
        if (At("order") && Peek(1).Is("by"))
        {
            Advance();
            Advance();
            order = ParseSortList();
        }

        WindowFrame? frame = null;
        if (At("rows") || At("range") || At("groups"))
        {
            frame = ParseWindowFrame();
        }

        Expect(TokenKind.RParen);
        return new WindowSpec(refName, partition, order, frame) { Position = start };
    }

    private WindowFrame ParseWindowFrame()
    {
        var t = Advance();
        var mode = t.Text switch
        {
            "rows" => FrameMode.Rows,
            "range" => FrameMode.Range,
            _ => FrameMode.Groups,
        };
        FrameBound start;
        FrameBound? end = null;
        if (Accept("between"))
        {
            start = ParseFrameBound();
            Expect("and");
            end = ParseFrameBound();
        }
        else
        {
            start = ParseFrameBound();
        }

        var exclusion = FrameExclusion.None;
        if (Accept("exclude"))
        {
            if (Accept("current"))
            {
                Expect("row");
                exclusion = FrameExclusion.CurrentRow;
            }
            else if (Accept("group"))
            {
                exclusion = FrameExclusion.Group;
            }
            else if (Accept("ties"))
            {
                exclusion = FrameExclusion.Ties;
            }
            else
            {
                Expect("no");
                Expect("others");
                exclusion = FrameExclusion.NoOthers;
            }
        }

        return new WindowFrame(mode, start, end, exclusion) { Position = t.Start };
    }

    private FrameBound ParseFrameBound()
    {
        var start = Current.Start;
        if (At("unbounded") && (Peek(1).Is("preceding") || Peek(1).Is("following")))
        {
            Advance();
            var kind = Advance().Text == "preceding" ? FrameBoundKind.UnboundedPreceding : FrameBoundKind.UnboundedFollowing;
            return new FrameBound(kind, null) { Position = start };
        }

        if (At("current") && Peek(1).Is("row"))
        {
            Advance();
            Advance();
            return new FrameBound(FrameBoundKind.CurrentRow, null) { Position = start };
        }

        var offset = ParseExpr(Prec.Like);
        if (Accept("preceding"))
        {
            return new FrameBound(FrameBoundKind.Preceding, offset) { Position = start };
        }

        Expect("following");
        return new FrameBound(FrameBoundKind.Following, offset) { Position = start };
    }

    /// <summary>sortby [, ...]: expr [ASC | DESC | USING op] [NULLS FIRST | LAST].</summary>
    private SortItem[] ParseSortList()
    {
        var list = new List<SortItem>();
        do
        {
            var e = ParseExpr();
            var direction = SortDirection.Default;
            string? usingOp = null;
            var usingPos = 0;
            if (Accept("asc"))
            {
                direction = SortDirection.Asc;
            }
            else if (Accept("desc"))
            {
                direction = SortDirection.Desc;
            }
            else if (Accept("using"))
            {
                direction = SortDirection.Using;
                usingPos = Current.Start;
                if (At("operator"))
                {
                    var (schema, op) = ParseQualifiedOperator();
                    usingOp = schema is null ? op : $"OPERATOR({schema}.{op})";
                }
                else if (Current.Kind == TokenKind.Operator)
                {
                    usingOp = Advance().Text;
                }
                else
                {
                    Fail();
                }
            }

            var nulls = NullsOrder.Default;
            if (At("nulls") && (Peek(1).Is("first") || Peek(1).Is("last")))
            {
                Advance();
                nulls = Advance().Text == "first" ? NullsOrder.First : NullsOrder.Last;
            }

            list.Add(new SortItem(e, direction, nulls) { Position = e.Position, UsingOp = usingOp, UsingPosition = usingPos });
        }
        while (Accept(TokenKind.Comma));

        return list.ToArray();
    }
}
