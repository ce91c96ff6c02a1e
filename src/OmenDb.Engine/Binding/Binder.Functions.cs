using OmenDb.Common;
using OmenDb.Engine.Execution.Nodes;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    private BoundExpr BindFunctionCall(FunctionCall f, Scope scope)
    {
        var name = f.Name.Name;
        if (f.Name.Schema is { } schema && schema != "pg_catalog" && schema != "public" && schema != "information_schema")
        {
            throw Error(SqlState.InvalidSchemaName, $"schema \"{schema}\" does not exist", f.Name);
        }

        if (f.Over is not null)
        {
            return BindWindowCall(f, scope);
        }

        if (name == "grouping" && f.Name.Schema is null)
        {
            return BindGrouping(f, scope);
        }

        var aggs = BuiltinFunctions.LookupAggregate(name);
        if (aggs.Count > 0 && (BuiltinFunctions.Lookup(name).Count == 0 || f.Star || f.Distinct || f.OrderBy.Count > 0 || f.WithinGroup))
        {
            return BindAggregate(f, aggs, scope);
        }

        if (SpecialFunction(f, scope) is { } special)
        {
            return special;
        }

        if (f.Args.Any(a => a is NamedArgExpr))
        {
            return BindNamedArgumentCall(f, name, scope);
        }

        var args = f.Args.Select(a => BindExpr(a, scope)).ToList();
        var candidates = BuiltinFunctions.Lookup(name);
        if (candidates.Count == 0 && aggs.Count > 0)
        {
            return BindAggregate(f, aggs, scope);
        }

        var actual = args.Select(a => a.Type).ToArray();
        var resolved = TypeResolution.Choose(candidates.Where(c => c.MinArgs < 0 || c.MinArgs <= actual.Length).ToList(), actual,
            c => c.MinArgs >= 0 && actual.Length < c.ArgTypes.Length ? c.ArgTypes[..actual.Length] : c.ArgTypes,
            c => c.ReturnType, c => c.Variadic && !f.VariadicLast, out var ambiguous);
        if (resolved is null)
        {
            if (BuiltinFunctions.LookupSetReturning(name).Count > 0)
            {
                if (scope.SetFunctions is null)
                {
                    throw Error(SqlState.FeatureNotSupported, scope.SetFunctionClause is { } clause
                        ? $"set-returning functions are not allowed in {clause}"
                        : $"set-returning function {name}() is only supported in FROM and in a select list", f);
                }

                if (BindTargetSetFunction(name, args, scope.SetFunctions) is { } srf)
                {
                    return srf;
                }
            }

            // typename(x) with no such function is a cast, as in PostgreSQL's func_get_detail.
            if (args.Count == 1 && f.Name.Schema is null && PgTypes.FromName(name) is { } castType
                && !PgTypes.IsPseudo(castType) && (actual[0] == PgTypes.Unknown || Casts.Find(actual[0], castType) is not null))
            {
                return Coerce(args[0], castType, -1, CastContext.Explicit, isExplicit: true);
            }

            throw NoSuchFunction(name, actual, ambiguous, f);
        }

        var fn = resolved.Candidate;
        var coerced = new BoundExpr[args.Count];
        for (var i = 0; i < coerced.Length; i++)
        {
            var target = resolved.ArgTypes[i];
            coerced[i] = target == PgTypes.Any ? ResolveUnknown(args[i]) : Coerce(args[i], target, -1, CastContext.Implicit);
        }

        var invoke = fn.Specialize is { } specialize ? specialize([.. coerced.Select(c => c.Type)], resolved.ReturnType) : fn.Invoke;
        return MakeCall(name, invoke, coerced, resolved.ReturnType, fn.Strict, fn.Volatility != Volatility.Immutable, false);
    }

    /// <summary>42725 "is not unique" when several candidates tie, else 42883 "does not exist", with PostgreSQL's hints.</summary>
    private static PgException NoSuchFunction(string name, PgType[] actual, bool ambiguous, SqlNode at)
    {
        var sig = $"{name}({string.Join(", ", actual.Select(t => t.SqlName))})";
        return ambiguous
            ? Error(SqlState.AmbiguousFunction, $"function {sig} is not unique", at,
                "Could not choose a best candidate function. You might need to add explicit type casts.")
            : Error(SqlState.UndefinedFunction, $"function {sig} does not exist", at,
                "No function matches the given name and argument types. You might need to add explicit type casts.");
    }

    /// <summary>Functions that need the binder or the session rather than only their arguments.</summary>
    private BoundExpr? SpecialFunction(FunctionCall f, Scope scope)
    {
        switch (f.Name.Name)
        {
            case "pg_typeof" when f.Args.Count == 1:
                {
                    var t = BindExpr(f.Args[0], scope).Type;
                    return new ConstExpr(t.Oid, PgTypes.Regtype);
                }

            case "version" when f.Args.Count == 0:
                return new ConstExpr($"PostgreSQL {Sessions.DatabaseEngine.ServerVersion} on x86_64-pc-linux-gnu, compiled by .NET, 64-bit", PgTypes.Text);
            case "current_database" when f.Args.Count == 0:
                return new ContextValueExpr("current_database()", PgTypes.Name, ctx => ctx.Session.DatabaseName);
            case "current_schema" when f.Args.Count == 0:
                return new ContextValueExpr("current_schema()", PgTypes.Name, ctx => ctx.Session.CurrentSchemaName);
            case "current_user" or "session_user" when f.Args.Count == 0:
                return new ContextValueExpr("current_user", PgTypes.Name, ctx => ctx.Session.UserName);
            case "nextval" or "currval" or "setval" or "lastval":
                return BindSequenceFunction(f, scope);
            default:
                return BindCatalogFunction(f, scope);
        }
    }

    private BoundExpr BindSequenceFunction(FunctionCall f, Scope scope)
    {
        var args = f.Args.Select(a => BindExpr(a, scope)).ToArray();
        if (f.Name.Name == "lastval")
        {
            return new ContextValueExpr("lastval()", PgTypes.Int8, ctx => ctx.Session.LastVal());
        }

        if (args.Length == 0)
        {
            throw Error(SqlState.UndefinedFunction, $"function {f.Name.Name}() does not exist", f);
        }

        var seqArg = args[0];
        Func<Execution.ExecContext, Catalog.SequenceInfo> seq;
        if (seqArg is ConstExpr { Value: string sname })
        {
            var s = FindRelation(new QualifiedName(SplitQualified(sname))) as Catalog.SequenceInfo
                ?? throw Error(SqlState.UndefinedTable, $"relation \"{sname}\" does not exist", f.Args[0]);
            seq = _ => s;
        }
        else if (seqArg is ConstExpr { Value: uint oid })
        {
            var s = Catalog.FindRelation(Database, oid) as Catalog.SequenceInfo
                ?? throw Error(SqlState.UndefinedTable, $"relation with OID {oid} does not exist", f.Args[0]);
            seq = _ => s;
        }
        else
        {
            throw Error(SqlState.FeatureNotSupported, $"{f.Name.Name}() needs a constant sequence name", f);
        }

        switch (f.Name.Name)
        {
            case "nextval":
                return new ContextValueExpr("nextval()", PgTypes.Int8, ctx => ctx.Session.NextVal(seq(ctx)));
            case "currval":
                return new ContextValueExpr("currval()", PgTypes.Int8, ctx => ctx.Session.CurrVal(seq(ctx)));
            default:
                {
                    var value = Coerce(args[1], PgTypes.Int8, -1, CastContext.Implicit);
                    var called = args.Length > 2 ? Coerce(args[2], PgTypes.Bool, -1, CastContext.Implicit) : new ConstExpr(true, PgTypes.Bool);
                    var empty = new Columnar.Batch([], 1);
                    return new ContextValueExpr("setval()", PgTypes.Int8, ctx =>
                    {
                        var v = (long)value.Eval(empty, 0, ctx)!;
                        ctx.Session.SetVal(seq(ctx), v, (bool)called.Eval(empty, 0, ctx)!);
                        return v;
                    });
                }
        }
    }

    private BoundExpr BindAggregate(FunctionCall f, IReadOnlyList<AggregateOverload> overloads, Scope scope)
    {
        var agg = scope.Aggregates;
        if (agg is null)
        {
            throw Error(SqlState.GroupingError, "aggregate functions are not allowed here", f);
        }

        if (agg.InsideAggregate)
        {
            throw Error(SqlState.GroupingError, "aggregate function calls cannot be nested", f);
        }

        agg.InsideAggregate = true;
        try
        {
            BoundExpr[] args;
            BoundExpr[] direct = [];
            SortKey[] orderBy;
            if (f.WithinGroup)
            {
                direct = [.. f.Args.Select(a => BindExpr(a, scope))];
                orderBy = [.. f.OrderBy.Select(o => BindSortKey(o, scope))];
                args = [.. orderBy.Select(o => o.Expr)];
            }
            else
            {
                args = f.Star ? [] : [.. f.Args.Select(a => BindExpr(a, scope))];
                orderBy = [.. f.OrderBy.Select(o => BindSortKey(o, scope))];
            }

            var allArgs = direct.Concat(args).ToArray();
            var actual = allArgs.Select(a => a.Type).ToArray();
            var resolved = TypeResolution.Choose(overloads, actual, o => o.ArgTypes, o => o.ReturnType)
                ?? throw Error(SqlState.UndefinedFunction,
                    $"function {f.Name.Name}({string.Join(", ", actual.Select(t => t.SqlName))}) does not exist", f,
                    "No function matches the given name and argument types. You might need to add explicit type casts.");
            var coerced = allArgs.Select((a, i) => Coerce(a, resolved.ArgTypes[i] == PgTypes.Any ? ResolveUnknown(a).Type : resolved.ArgTypes[i], -1,
                CastContext.Implicit)).ToArray();
            BoundExpr? filter = f.Filter is null ? null : CoerceToBool(BindExpr(f.Filter, scope), "FILTER", f.Filter);
            var candidate = resolved.Candidate;
            var call = new AggregateCall(candidate, coerced[direct.Length..], resolved.ReturnType)
            {
                CreateState = candidate.Specialize is { } specialize
                    ? specialize([.. coerced.Select(c => c.Type)], resolved.ReturnType)
                    : candidate.CreateState,
                Distinct = f.Distinct,
                Filter = filter,
                OrderBy = f.WithinGroup ? [.. orderBy.Select((o, i) => o with { Expr = coerced[direct.Length + i] })] : orderBy,
                DirectArgs = coerced[..direct.Length],
            };
            agg.Calls.Add(call);
            var index = agg.GroupKeys.Length + agg.Calls.Count - 1;
            return new ColumnExpr(index, resolved.ReturnType, -1, f.Name.Name);
        }
        finally
        {
            agg.InsideAggregate = false;
        }
    }

    /// <summary>Binds an ORDER BY item (an expression; ordinals and output names are handled by the caller).</summary>
    private SortKey BindSortKey(SortItem item, Scope scope) => MakeKey(item, ResolveUnknown(BindExpr(item.Expr, scope)));

    private BoundExpr BindScalarSubquery(Sql.Ast.SubqueryExpr s, Scope scope)
    {
        var (plan, inner) = BindSubqueryPlan(s.Query, scope);
        if (plan.Columns.Count != 1)
        {
            throw Error(SqlState.SyntaxError, "subquery must return only one column", s);
        }

        return new SubqueryExpr(SubqueryKind.Scalar, plan, inner.IsCorrelated, plan.Columns[0].Type);
    }

    private BoundExpr BindExists(ExistsExpr e, Scope scope)
    {
        var (plan, inner) = BindSubqueryPlan(e.Query, scope);
        return new SubqueryExpr(SubqueryKind.Exists, plan, inner.IsCorrelated, PgTypes.Bool);
    }

    private BoundExpr BindArraySubquery(ArraySubqueryExpr a, Scope scope)
    {
        var (plan, inner) = BindSubqueryPlan(a.Query, scope);
        if (plan.Columns.Count != 1)
        {
            throw Error(SqlState.SyntaxError, "subquery must return only one column", a);
        }

        var t = plan.Columns[0].Type;
        return new SubqueryExpr(SubqueryKind.Array, plan, inner.IsCorrelated, t.ArrayType ?? PgTypes.Text.ArrayType!);
    }

    private BoundExpr BindInSubquery(InSubqueryExpr i, Scope scope)
    {
        BoundExpr result = BindQuantified(i.Operand, "=", Quantifier.Any, i.Subquery, scope, i);
        return i.Negated ? new NotExpr(result) : result;
    }

    private BoundExpr BindQuantifiedSubquery(QuantifiedSubqueryExpr q, Scope scope)
        => BindQuantified(q.Left, q.Op, q.Quantifier, q.Subquery, scope, q);

    private BoundExpr BindQuantified(Expr leftAst, string op, Quantifier quantifier, SelectStatement query, Scope scope, SqlNode node)
    {
        var kind = quantifier == Quantifier.All ? SubqueryKind.All : SubqueryKind.Any;
        if (leftAst is Sql.Ast.RowExpr row && row.Fields.Count > 1)
        {
            return BindRowQuantified(row, op, kind, query, scope, node);
        }

        var left = BindExpr(leftAst, scope);
        var (plan, inner) = BindSubqueryPlan(query, scope);
        if (plan.Columns.Count != 1)
        {
            throw Error(SqlState.SyntaxError, plan.Columns.Count > 1 ? "subquery has too many columns" : "subquery has too few columns", node);
        }

        var (probeLeft, invoker) = BindSubqueryComparison(op, left, plan.Columns[0].Type, node);
        return new SubqueryExpr(kind, plan, inner.IsCorrelated, PgTypes.Bool, probeLeft, invoker);
    }

    /// <summary>The operator comparing <paramref name="left"/> with a subquery column of type <paramref name="right"/>.</summary>
    private (BoundExpr Left, ScalarInvoker Op) BindSubqueryComparison(string op, BoundExpr left, PgType right, SqlNode node)
    {
        var probe = new ConstExpr(null, right);
        var cmp = WithoutFolding(() => MakeOperator(op, left, probe, node));
        if (cmp is CallExpr call && call.Args[1] is ConstExpr)
        {
            return (call.Args[0], call.Invoker);
        }

        // The subquery's column needs a cast to the operator's type: compare after converting both sides.
        var common = TypeResolution.CommonType([ResolveUnknown(left).Type, right], "IN");
        var inv = FindOperator(op, common, common);
        var cast = Casts.Find(right, common);
        ScalarInvoker wrapped = cast is null ? inv : (args, ctx) => inv([args[0], args[1] is null ? null : cast.Invoke(args[1]!, -1, ctx)], ctx);
        return (Coerce(left, common, -1, CastContext.Implicit), wrapped);
    }

    /// <summary>(a, b) IN / op ANY / op ALL (SELECT x, y ...): a row comparison per subquery row, field by field.</summary>
    private SubqueryExpr BindRowQuantified(Sql.Ast.RowExpr row, string op, SubqueryKind kind, SelectStatement query, Scope scope, SqlNode node)
    {
        var fields = row.Fields.Select(f => BindExpr(f, scope)).ToArray();
        var (plan, inner) = BindSubqueryPlan(query, scope);
        if (plan.Columns.Count != fields.Length)
        {
            throw Error(SqlState.SyntaxError, plan.Columns.Count > fields.Length ? "subquery has too many columns" : "subquery has too few columns", node);
        }

        if (op is not ("=" or "<>"))
        {
            throw Error(SqlState.FeatureNotSupported, $"row comparison with operator {op} against a subquery is not supported", node);
        }

        var ops = new ScalarInvoker[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            (fields[i], ops[i]) = BindSubqueryComparison(op, fields[i], plan.Columns[i].Type, node);
        }

        // Row equality is the AND of the fields' (three-valued) comparisons; <> is the OR.
        var isEq = op == "=";
        ScalarInvoker rowOp = (args, ctx) =>
        {
            var l = ((PgRecord)args[0]!).Values;
            var r = (object?[])args[1]!;
            var pair = new object?[2];
            var sawNull = false;
            for (var i = 0; i < l.Length; i++)
            {
                pair[0] = l[i];
                pair[1] = r[i];
                if (l[i] is null || r[i] is null || ops[i](pair, ctx) is not bool b)
                {
                    sawNull = true;
                }
                else if (b != isEq)
                {
                    return b;
                }
            }

            return sawNull ? null : isEq;
        };
        return new SubqueryExpr(kind, plan, inner.IsCorrelated, PgTypes.Bool, new RowExpr(fields), rowOp) { CompareRows = true };
    }

    private (Execution.PlanNode Plan, Scope Inner) BindSubqueryPlan(SelectStatement query, Scope scope)
    {
        var inner = new Scope(scope);
        var plan = BindSelect(query, inner);
        return (plan, inner);
    }
}
