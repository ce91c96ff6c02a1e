using System.Globalization;
using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;
using OmenDb.Sql.Ast;

namespace OmenDb.Engine.Binding;

internal sealed partial class Binder
{
    private int _depth;

    /// <summary>Binds an expression in <paramref name="scope"/>.</summary>
    public BoundExpr BindExpr(Expr expr, Scope scope)
    {
        if (++_depth > 1000)
        {
            throw new PgException(SqlState.StatementTooComplex, "stack depth limit exceeded")
            {
                Hint = "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.",
            };
        }

        try
        {
            if (scope.Aggregates is { InsideAggregate: false } agg && expr is not (StringLiteral or IntegerLiteral or NumericLiteral or NullLiteral or BooleanLiteral or ParameterRef))
            {
                // Above a GROUP BY: an expression equal to a group key reads the key's output column.
                if (TryMatchGroupKey(expr, scope, agg) is { } keyRef)
                {
                    return keyRef;
                }
            }

            return BindExprCore(expr, scope);
        }
        catch (PgException ex)
        {
            throw At(ex, expr);
        }
        finally
        {
            _depth--;
        }
    }

    private BoundExpr? TryMatchGroupKey(Expr expr, Scope scope, AggregateContext agg)
    {
        if (agg.GroupKeys.Length == 0 || ContainsAggregate(expr) || ContainsWindow(expr))
        {
            return null;
        }

        var saved = scope.Aggregates;
        var setFunctions = scope.SetFunctions?.Count ?? 0;
        scope.Aggregates = null;
        try
        {
            var bound = BindExprCore(expr, scope);
            var k = agg.FindGroupKey(bound);
            return k >= 0 ? new ColumnExpr(k, bound.Type, bound.Typmod, bound.ToString()) : null;
        }
        catch (PgException)
        {
            return null;
        }
        finally
        {
            scope.Aggregates = saved;

            // A trial binding must not leave select-list set-returning calls behind.
            scope.SetFunctions?.RemoveRange(setFunctions, scope.SetFunctions.Count - setFunctions);
        }
    }

    private BoundExpr BindExprCore(Expr expr, Scope scope) => expr switch
    {
        IntegerLiteral i => BindInteger(i),
        NumericLiteral n => BindNumericLiteral(n),
        StringLiteral s => new ConstExpr(s.Value, PgTypes.Unknown) { Location = s.Position },
        BooleanLiteral b => new ConstExpr(b.Value, PgTypes.Bool),
        NullLiteral => new ConstExpr(null, PgTypes.Unknown),
        BitStringLiteral bs => throw Error(SqlState.FeatureNotSupported, "bit string literals are not supported", bs),
        ParameterRef p => BindParam(p),
        ColumnRef c => BindColumnRef(c, scope),
        Sql.Ast.CastExpr c => BindCast(c, scope),
        BinaryExpr b => BindBinary(b, scope),
        UnaryExpr u => BindUnary(u, scope),
        AndExpr a => new BoolExpr(true, [.. a.Operands.Select(o => CoerceToBool(BindExpr(o, scope), "AND", o))]),
        OrExpr o => new BoolExpr(false, [.. o.Operands.Select(x => CoerceToBool(BindExpr(x, scope), "OR", x))]),
        Sql.Ast.NotExpr n => new NotExpr(CoerceToBool(BindExpr(n.Operand, scope), "NOT", n.Operand)),
        Sql.Ast.IsNullExpr n => new IsNullExpr(ResolveUnknown(BindExpr(n.Operand, scope)), n.Negated),
        Sql.Ast.IsBoolExpr ib => new IsBoolExpr(CoerceToBool(BindExpr(ib.Operand, scope), "IS", ib.Operand),
            ib.Test switch { BoolTestKind.True => true, BoolTestKind.False => false, _ => null }, ib.Negated),
        IsDistinctFromExpr d => BindIsDistinct(d, scope),
        BetweenExpr b => BindBetween(b, scope),
        InListExpr i => BindInList(i, scope),
        QuantifiedArrayExpr q => BindQuantifiedArray(q, scope),
        LikeExpr l => BindLike(l, scope),
        Sql.Ast.CaseExpr c => BindCase(c, scope),
        Sql.Ast.CoalesceExpr c => BindCoalesce(c, scope),
        Sql.Ast.NullIfExpr n => BindNullIf(n, scope),
        Sql.Ast.MinMaxExpr m => BindMinMax(m, scope),
        Sql.Ast.ArrayExpr a => BindArray(a, scope, null),
        Sql.Ast.RowExpr r => new RowExpr([.. r.Fields.Select(f => ResolveUnknown(BindExpr(f, scope)))]),
        Sql.Ast.SubscriptExpr s => BindSubscript(s, scope),
        Sql.Ast.FieldSelectExpr fs => BindFieldSelect(fs, scope),
        CollateExpr c => BindCollate(c, scope),
        SqlValueFunction f => BindSqlValueFunction(f),
        FunctionCall f => BindFunctionCall(f, scope),
        Sql.Ast.SubqueryExpr s => BindScalarSubquery(s, scope),
        ExistsExpr e => BindExists(e, scope),
        InSubqueryExpr i => BindInSubquery(i, scope),
        QuantifiedSubqueryExpr q => BindQuantifiedSubquery(q, scope),
        ArraySubqueryExpr a => BindArraySubquery(a, scope),
        StarExpr => throw Error(SqlState.SyntaxError, "row expansion via \"*\" is not supported here", expr),
        DefaultExpr => throw Error(SqlState.SyntaxError, "DEFAULT is not allowed in this context", expr),
        _ => throw Error(SqlState.FeatureNotSupported, $"{expr.GetType().Name} is not supported", expr),
    };

    private static BoundExpr BindInteger(IntegerLiteral i)
    {
        if (i.Value is >= int.MinValue and <= int.MaxValue && long.TryParse(i.Text, CultureInfo.InvariantCulture, out _))
        {
            return new ConstExpr((int)i.Value, PgTypes.Int4);
        }

        if (long.TryParse(i.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return new ConstExpr(l, PgTypes.Int8);
        }

        return new ConstExpr(ValueText.Parse(PgTypes.Numeric, i.Text), PgTypes.Numeric);
    }

    private static BoundExpr BindNumericLiteral(NumericLiteral n) => new ConstExpr(ValueText.Parse(PgTypes.Numeric, n.Text), PgTypes.Numeric);

    /// <summary>False for a simple Query message, which carries no parameter values.</summary>
    public bool ParametersAllowed { get; set; } = true;

    private BoundExpr BindParam(ParameterRef p)
    {
        if (p.Number < 1 || p.Number > 65535 || !ParametersAllowed)
        {
            throw Error(SqlState.UndefinedParameter, $"there is no parameter ${p.Number}", p);
        }

        var expr = new ParamExpr(p.Number, GetParamType(p.Number) ?? PgTypes.Unknown);
        _params.Add(expr);
        return expr;
    }

    private BoundExpr BindColumnRef(ColumnRef c, Scope scope)
    {
        var parts = c.Parts;
        var levels = 0;
        for (var s = scope; s is not null; s = s.Parent, levels++)
        {
            if (Lookup(s, parts, c, scope) is { } col)
            {
                if (levels == 0)
                {
                    if (s.Aggregates is { InsideAggregate: false } grouped)
                    {
                        if (TryFunctionallyDependent(col, grouped) is { } dependent)
                        {
                            return dependent;
                        }

                        // PostgreSQL names the column by its FROM item's name, however it was written.
                        var owner = s.Items.FirstOrDefault(i => i.Columns.Any(x => ReferenceEquals(x, col)))?.Alias;
                        throw Error(SqlState.GroupingError,
                            $"column \"{(owner is null ? "" : owner + ".")}{col.Name}\" must appear in the GROUP BY clause or be used in an aggregate function", c);
                    }

                    return new ColumnExpr(col.Index, col.Type, col.Typmod, col.Name) { TableOid = col.TableOid, AttNum = col.AttNum };
                }

                scope.IsCorrelated = true;
                for (var m = scope; m is not null && m != s; m = m.Parent)
                {
                    m.IsCorrelated = true;
                }

                return new OuterColumnExpr(levels, col.Index, col.Type, col.Typmod, col.Name);
            }
        }

        if (parts.Count > 1)
        {
            var qualifier = string.Join('.', parts.Take(parts.Count - 1));
            var hasItem = false;
            for (var s = scope; s is not null && !hasItem; s = s.Parent)
            {
                hasItem = s.Items.Any(i => i.Alias == parts[^2]);
            }

            if (!hasItem)
            {
                for (var s = scope; s is not null; s = s.Parent)
                {
                    if (s.Invisible.Any(i => i.Alias == parts[^2]))
                    {
                        throw Error(SqlState.UndefinedTable, $"invalid reference to FROM-clause entry for table \"{qualifier}\"", c,
                            $"There is an entry for table \"{qualifier}\", but it cannot be referenced from this part of the query.");
                    }
                }

                throw Error(SqlState.UndefinedTable, $"missing FROM-clause entry for table \"{qualifier}\"", c);
            }
        }

        if (parts.Count == 1 && BindWholeRow(parts[0], scope) is { } wholeRow)
        {
            return wholeRow;
        }

        throw parts.Count == 1 ? MissingColumn(scope, null, parts[0], c) : Error(SqlState.UndefinedColumn, $"column \"{string.Join('.', parts)}\" does not exist", c);
    }

    /// <summary>
    /// A bare name that is no column but names a FROM item is a whole-row reference (PostgreSQL tries the column
    /// first): the item's visible columns as a record that keeps their names, e.g. row_to_json(t) or json_agg(t).
    /// </summary>
    private RowExpr? BindWholeRow(string alias, Scope scope)
    {
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.Items.FirstOrDefault(i => i.Alias == alias) is not { } item)
            {
                continue;
            }

            var columns = item.Columns.Where(col => !col.Hidden).ToArray();
            var fields = columns.Select(col => BindColumnRef(new ColumnRef([alias, col.Name]), scope)).ToArray();
            var names = columns.Select(col => col.Name).ToArray();
            return new RowExpr(fields, names) { Typmod = RecordDescriptors.Register([.. names.Zip(fields, (n, f) => (n, f.Type))]) };
        }

        return null;
    }

    private static ScopeColumn? Lookup(Scope s, IReadOnlyList<string> parts, SqlNode node, Scope innermost)
    {
        if (parts.Count == 1)
        {
            ScopeColumn? found = null;
            foreach (var item in s.Items)
            {
                if (item.Find(parts[0]) is { } col)
                {
                    if (found is not null)
                    {
                        throw Error(SqlState.AmbiguousColumn, $"column reference \"{parts[0]}\" is ambiguous", node);
                    }

                    found = col;
                }
            }

            return found;
        }

        var alias = parts[^2];
        foreach (var item in s.Items)
        {
            if (item.Alias == alias)
            {
                return item.Find(parts[^1], qualified: true) ?? throw MissingColumn(innermost, alias, parts[^1], node);
            }
        }

        return null;
    }

    /// <summary>Converts an unknown-typed expression (a string literal or untyped parameter) to text.</summary>
    public BoundExpr ResolveUnknown(BoundExpr e) => e.Type == PgTypes.Unknown ? Coerce(e, PgTypes.Text, -1, CastContext.Implicit) : e;

    private BoundExpr CoerceToBool(BoundExpr e, string construct, SqlNode node)
    {
        if (e.Type == PgTypes.Bool)
        {
            return e;
        }

        if (e.Type == PgTypes.Unknown)
        {
            return Coerce(e, PgTypes.Bool, -1, CastContext.Implicit);
        }

        throw Error(SqlState.DatatypeMismatch, $"argument of {construct} must be type boolean, not type {e.Type.SqlName}", node);
    }

    /// <summary>
    /// Coerces <paramref name="e"/> to <paramref name="target"/> under <paramref name="context"/> rules: unknown
    /// literals are parsed at bind time, parameters take the type, otherwise a pg_cast conversion is applied.
    /// </summary>
    public BoundExpr Coerce(BoundExpr e, PgType target, int typmod, CastContext context, bool isExplicit = false)
    {
        if (e.Type == target && (typmod < 0 || e.Typmod == typmod))
        {
            return e;
        }

        // int2vector and oidvector are binary-coercible to int2[] and oid[] (special-cased by PostgreSQL, not in pg_cast).
        if ((e.Type == PgTypes.Int2Vector && target == PgTypes.Int2.ArrayType) || (e.Type == PgTypes.OidVector && target == PgTypes.Oid.ArrayType))
        {
            return new CastExpr(e, null, target, -1, isExplicit);
        }

        if (e is ParamExpr p && p.Type == PgTypes.Unknown)
        {
            SetParamType(p.Number, target);
            return typmod >= 0 ? new CastExpr(p, null, target, typmod, isExplicit) : p;
        }

        if (e is ConstExpr { Type.Kind: PgTypeKind.Unknown } c)
        {
            if (c.Value is null)
            {
                return new ConstExpr(null, target, typmod);
            }

            object parsed;
            try
            {
                parsed = ValueText.Parse(target, (string)c.Value, typmod, FoldContext?.Eval);
            }
            catch (PgException ex) when (ex.Position == 0 && c.Location >= 0)
            {
                // A literal's input error points at the literal, as PostgreSQL's parse-time coercion does.
                ex.Position = c.Location + 1;
                throw;
            }

            if (typmod >= 0)
            {
                try
                {
                    parsed = ValueText.ApplyTypmod(target, parsed, typmod, isExplicit);
                }
                catch (PgException ex) when (ex.Position == 0)
                {
                    // Length coercion runs at execution in PostgreSQL: no position.
                    ex.Position = NoPosition;
                    throw;
                }
            }

            return new ConstExpr(parsed, target, typmod);
        }

        if (e.Type == target)
        {
            return new CastExpr(e, null, target, typmod, isExplicit);
        }

        if (target == PgTypes.Any)
        {
            return e;
        }

        var cast = Casts.Find(e.Type, target);
        if (cast is null || !CanUse(cast.Context, context))
        {
            throw new PgException(SqlState.CannotCoerce, $"cannot cast type {e.Type.SqlName} to {target.SqlName}");
        }

        var result = new CastExpr(e, cast.Invoke, target, typmod, isExplicit);
        return e.IsConstant ? Fold(result) : result;
    }

    private static bool CanUse(CastContext have, CastContext need) => need switch
    {
        CastContext.Explicit => true,
        CastContext.Assignment => have is CastContext.Assignment or CastContext.Implicit,
        _ => have == CastContext.Implicit,
    };

    /// <summary>
    /// Evaluates a constant expression at bind time (PostgreSQL's eval_const_expressions). Its errors are execution
    /// errors, which carry no position (<see cref="NoPosition"/>). Nothing is folded inside <see cref="WithoutFolding"/>.
    /// </summary>
    internal BoundExpr Fold(BoundExpr e)
    {
        if (!e.IsConstant || e is ConstExpr || _noFold > 0)
        {
            return e;
        }

        try
        {
            var value = e.Eval(new Columnar.Batch([], 1), 0, FoldContext);
            return new ConstExpr(value, e.Type, e.Typmod);
        }
        catch (PgException ex) when (ex.Position == 0)
        {
            ex.Position = NoPosition;
            throw;
        }
    }

    /// <summary><see cref="PgException.Position"/> of an error that deliberately has none (the wire sends no field P),
    /// so that no enclosing node claims it.</summary>
    internal const int NoPosition = -1;

    private int _noFold;

    /// <summary>
    /// Binds without constant folding: for the arms PostgreSQL's planner never simplifies (COALESCE arguments after a
    /// non-null constant, CASE arms after a constant-true or behind a constant-false condition) and for operator probes
    /// whose call shape the caller needs.
    /// </summary>
    private T WithoutFolding<T>(Func<T> bind)
    {
        _noFold++;
        try
        {
            return bind();
        }
        finally
        {
            _noFold--;
        }
    }

    /// <summary>The execution context used for constant folding (set by the session).</summary>
    public Execution.ExecContext FoldContext { get; set; } = null!;

    private BoundExpr BindCast(Sql.Ast.CastExpr c, Scope scope)
    {
        var (type, typmod) = ResolveType(c.Type);
        if (type.Kind is PgTypeKind.Float64 or PgTypeKind.Float32 && c.Operand is NumericLiteral literal)
        {
            // numeric -> float goes through the number's text (numeric_float8), so the literal's own text gives the
            // same value, also for literals beyond OmenDb's numeric range (1e100::float8).
            return new ConstExpr(type.Kind == PgTypeKind.Float64 ? ValueText.ParseFloat8(literal.Text) : (object)ValueText.ParseFloat4(literal.Text), type);
        }

        var operand = BindExpr(c.Operand, scope);
        if (BindRegCast(type, operand, c) is { } reg)
        {
            return reg;
        }

        if (operand is ParamExpr { Type.Kind: PgTypeKind.Unknown } p)
        {
            SetParamType(p.Number, type);
            return typmod >= 0 ? new CastExpr(p, null, type, typmod, true) : p;
        }

        try
        {
            return Coerce(operand, type, typmod, CastContext.Explicit, isExplicit: true);
        }
        catch (PgException ex) when (ex.Position == 0 && ex.SqlState == SqlState.CannotCoerce)
        {
            // "cannot cast type" points at the :: (or at CAST), not at the operand.
            ex.Position = (c.Syntax == CastSyntax.DoubleColon ? c.OperatorPosition : c.Position) + 1;
            throw;
        }
    }

    private BoundExpr BindCollate(CollateExpr c, Scope scope)
    {
        var e = ResolveUnknown(BindExpr(c.Operand, scope));
        var name = c.Collation.Name;
        if (name is not ("default" or "C" or "POSIX" or "c" or "ucs_basic"))
        {
            throw Error(SqlState.UndefinedObject, $"collation \"{name}\" for encoding \"UTF8\" does not exist", c.Collation);
        }

        return e;
    }

    private BoundExpr BindSqlValueFunction(SqlValueFunction f) => f.Kind switch
    {
        SqlValueFunctionKind.CurrentDate => new ContextValueExpr("CURRENT_DATE", PgTypes.Date, ctx => TimestampToLocalDate(ctx)),
        SqlValueFunctionKind.CurrentTimestamp => new ContextValueExpr("CURRENT_TIMESTAMP", PgTypes.TimestampTz, ctx => ctx.Eval.TransactionTimestamp),
        SqlValueFunctionKind.LocalTimestamp => new ContextValueExpr("LOCALTIMESTAMP", PgTypes.Timestamp, ctx => ToLocal(ctx, ctx.Eval.TransactionTimestamp)),
        SqlValueFunctionKind.CurrentTime or SqlValueFunctionKind.LocalTime => new ContextValueExpr("LOCALTIME", PgTypes.Time,
            ctx => ((ToLocal(ctx, ctx.Eval.TransactionTimestamp) % PgInterval.MicrosPerDay) + PgInterval.MicrosPerDay) % PgInterval.MicrosPerDay),
        SqlValueFunctionKind.CurrentUser or SqlValueFunctionKind.CurrentRole or SqlValueFunctionKind.User or SqlValueFunctionKind.SessionUser
            => new ContextValueExpr("CURRENT_USER", PgTypes.Name, ctx => ctx.Session.UserName),
        SqlValueFunctionKind.CurrentCatalog => new ContextValueExpr("current_catalog", PgTypes.Name, ctx => ctx.Session.DatabaseName),
        _ => new ContextValueExpr("current_schema", PgTypes.Name, ctx => ctx.Session.CurrentSchemaName),
    };

    private static long ToLocal(Execution.ExecContext ctx, long utcMicros)
    {
        var dt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(utcMicros * 10);
        var offset = ctx.Eval.TimeZone.GetUtcOffset(dt);
        return utcMicros + (long)(offset.TotalMilliseconds * 1000);
    }

    private static object TimestampToLocalDate(Execution.ExecContext ctx)
    {
        var local = ToLocal(ctx, ctx.Eval.TransactionTimestamp);
        return (int)Math.Floor(local / (double)PgInterval.MicrosPerDay);
    }

    /// <summary>Finds the operator for operands (either may be null for prefix), coercing operands as chosen.</summary>
    internal BoundExpr MakeOperator(string op, BoundExpr? left, BoundExpr right, SqlNode node)
    {
        var candidates = BuiltinFunctions.LookupOperator(op).Where(o => (o.Left is null) == (left is null)).ToList();
        var actual = left is null ? new[] { right.Type } : [left.Type, right.Type];

        // An unknown literal against a known type is assumed to be of that type (PostgreSQL's first heuristic).
        if (left is not null && left.Type == PgTypes.Unknown && right.Type != PgTypes.Unknown
            && candidates.FirstOrDefault(o => o.Left == right.Type && o.Right == right.Type) is { } same)
        {
            return MakeOperatorCall(same, [Coerce(left, right.Type, -1, CastContext.Implicit), right], same.Result);
        }

        if (left is not null && right.Type == PgTypes.Unknown && left.Type != PgTypes.Unknown
            && candidates.FirstOrDefault(o => o.Left == left.Type && o.Right == left.Type) is { } same2)
        {
            return MakeOperatorCall(same2, [left, Coerce(right, left.Type, -1, CastContext.Implicit)], same2.Result);
        }

        var resolved = TypeResolution.Choose(candidates, actual,
            o => o.Left is null ? [o.Right] : [o.Left, o.Right], o => o.Result, null, out var ambiguous);
        if (resolved is null)
        {
            var types = left is null ? right.Type.SqlName : $"{left.Type.SqlName} {op} {right.Type.SqlName}";
            var text = left is null ? $"{op} {types}" : types;
            throw ambiguous
                ? new PgException(SqlState.AmbiguousFunction, $"operator is not unique: {text}")
                {
                    Position = OperatorPosition(node),
                    Hint = "Could not choose a best candidate operator. You might need to add explicit type casts.",
                }
                : new PgException(SqlState.UndefinedFunction, $"operator does not exist: {text}")
                {
                    Position = OperatorPosition(node),
                    Hint = "No operator matches the given name and argument types. You might need to add explicit type casts.",
                };
        }

        var o = resolved.Candidate;
        var args = left is null
            ? new[] { Coerce(right, resolved.ArgTypes[0], -1, CastContext.Implicit) }
            : [Coerce(left, resolved.ArgTypes[0], -1, CastContext.Implicit), Coerce(right, resolved.ArgTypes[1], -1, CastContext.Implicit)];
        return MakeOperatorCall(o, args, resolved.ReturnType);
    }

    /// <summary>Calls an operator on coerced operands, specialised for their types when the operator asks for it.</summary>
    private BoundExpr MakeOperatorCall(OperatorOverload o, BoundExpr[] args, PgType result)
    {
        var invoke = o.Specialize is { } specialize ? specialize([.. args.Select(a => a.Type)], result) : o.Invoke;
        return MakeCall(o.Name, invoke, args, result, true, false, true);
    }

    /// <summary>Where operator resolution errors point: the operator token of a binary expression.</summary>
    private static int OperatorPosition(SqlNode node) => node switch
    {
        BinaryExpr b => b.OperatorPosition,
        QuantifiedArrayExpr q => q.OperatorPosition,
        _ => node.Position,
    } + 1;

    private BoundExpr MakeCall(string name, ScalarInvoker invoke, BoundExpr[] args, PgType type, bool strict, bool isVolatile, bool isOperator)
    {
        var call = new CallExpr(name, invoke, args, type, strict, isVolatile, isOperator);
        return call.IsConstant && args.Length > 0 ? Fold(call) : call;
    }

    private BoundExpr BindBinary(BinaryExpr b, Scope scope)
    {
        var left = BindExpr(b.Left, scope);
        var right = BindExpr(b.Right, scope);
        InferParamFromOther(left, right);
        return MakeOperator(b.Op, left, right, b);
    }

    /// <summary>$1 = int_column → $1 is int4 (unknown-typed parameters take the other operand's type).</summary>
    private void InferParamFromOther(BoundExpr left, BoundExpr right)
    {
        if (left is ParamExpr { Type.Kind: PgTypeKind.Unknown } lp && right.Type != PgTypes.Unknown)
        {
            SetParamType(lp.Number, right.Type);
        }

        if (right is ParamExpr { Type.Kind: PgTypeKind.Unknown } rp && left.Type != PgTypes.Unknown)
        {
            SetParamType(rp.Number, left.Type);
        }
    }

    private BoundExpr BindUnary(UnaryExpr u, Scope scope)
    {
        // -<numeric literal> folds into a negative constant (so -2147483648 is an int4).
        if (u.Op == "-" && u.Operand is IntegerLiteral i)
        {
            return BindInteger(new IntegerLiteral("-" + i.Text, -i.Value) { Position = u.Position });
        }

        if (u.Op == "-" && u.Operand is NumericLiteral n)
        {
            return BindNumericLiteral(new NumericLiteral("-" + n.Text));
        }

        var operand = BindExpr(u.Operand, scope);
        if (u.Op == "+" && operand.Type.Category == 'N')
        {
            return operand;
        }

        return MakeOperator(u.Op, null, operand, u);
    }

    private BoundExpr BindIsDistinct(IsDistinctFromExpr d, Scope scope)
    {
        var l = BindExpr(d.Left, scope);
        var r = BindExpr(d.Right, scope);
        InferParamFromOther(l, r);
        var eq = (CallExpr)WithoutFolding(() => MakeOperator("=", l, r, d));
        return new IsDistinctExpr(eq.Args[0], eq.Args[1], eq, d.Negated);
    }

    private BoundExpr BindBetween(BetweenExpr b, Scope scope)
    {
        var x = BindExpr(b.Operand, scope);
        var lo = BindExpr(b.Low, scope);
        var hi = BindExpr(b.High, scope);
        BoundExpr Range(BoundExpr low, BoundExpr high)
            => new BoolExpr(true, [MakeOperator(">=", x, low, b), MakeOperator("<=", x, high, b)]);
        BoundExpr result = b.Symmetric ? new BoolExpr(false, [Range(lo, hi), Range(hi, lo)]) : Range(lo, hi);
        return b.Negated ? new NotExpr(result) : result;
    }

    private BoundExpr BindInList(InListExpr i, Scope scope)
    {
        var left = BindExpr(i.Operand, scope);
        var items = i.Items.Select(x => BindExpr(x, scope)).ToList();
        var common = TypeResolution.CommonType([left.Type, .. items.Select(x => x.Type)], "IN");
        left = Coerce(left, common, -1, CastContext.Implicit);
        var coerced = items.Select(x => Coerce(x, common, -1, CastContext.Implicit)).ToArray();
        var eq = (CallExpr)WithoutFolding(() => MakeOperator("=", left, coerced.Length > 0 ? coerced[0] : left, i));
        BoundExpr result = new QuantifiedExpr(left, "=", eq.Invoker, false, null, coerced);
        return i.Negated ? new NotExpr(result) : result;
    }

    private static ScalarInvoker FindOperator(string op, PgType left, PgType right)
        => BuiltinFunctions.LookupOperator(op).FirstOrDefault(o => o.Left == left && o.Right == right)?.Invoke
            ?? throw new PgException(SqlState.UndefinedFunction, $"operator does not exist: {left.SqlName} {op} {right.SqlName}");

    private BoundExpr BindQuantifiedArray(QuantifiedArrayExpr q, Scope scope)
    {
        var left = BindExpr(q.Left, scope);
        var array = BindExpr(q.Array, scope);
        if (array.Type == PgTypes.Unknown)
        {
            var elem = ResolveUnknown(left).Type;
            array = Coerce(array, elem.ArrayType ?? PgTypes.Text.ArrayType!, -1, CastContext.Implicit);
        }

        if (!array.Type.IsArray)
        {
            throw new PgException(SqlState.WrongObjectType, "op ANY/ALL (array) requires array on right side") { Position = OperatorPosition(q) };
        }

        var elementType = array.Type.ElementType!;
        if (left is ParamExpr { Type.Kind: PgTypeKind.Unknown } p)
        {
            SetParamType(p.Number, elementType);
        }

        var probe = new ConstExpr(null, elementType);
        var op = WithoutFolding(() => MakeOperator(q.Op, left, probe, q));
        if (op is not CallExpr call)
        {
            throw Error(SqlState.UndefinedFunction, $"operator does not exist: {left.Type.SqlName} {q.Op} {elementType.SqlName}", q);
        }

        return new QuantifiedExpr(call.Args[0], q.Op, call.Invoker, q.Quantifier == Quantifier.All,
            Coerce(array, call.Args[1].Type.ArrayType ?? array.Type, -1, CastContext.Implicit), null);
    }

    private BoundExpr BindLike(LikeExpr l, Scope scope)
    {
        var operand = BindExpr(l.Operand, scope);
        var pattern = BindExpr(l.Pattern, scope);
        if (l.Kind == LikeKind.SimilarTo)
        {
            var args = new List<Expr> { l.Pattern };
            if (l.Escape is not null)
            {
                args.Add(l.Escape);
            }

            var regex = BindFunctionCall(new FunctionCall(QualifiedName.Of("similar_to_escape"), args) { Position = l.Position }, scope);
            return MakeOperator(l.Negated ? "!~" : "~", operand, regex, l);
        }

        if (l.Escape is not null)
        {
            pattern = BindFunctionCall(new FunctionCall(QualifiedName.Of("like_escape"), [l.Pattern, l.Escape]) { Position = l.Position }, scope);
        }

        var op = (l.Kind, l.Negated) switch
        {
            (LikeKind.Like, false) => "~~",
            (LikeKind.Like, true) => "!~~",
            (LikeKind.ILike, false) => "~~*",
            _ => "!~~*",
        };
        return MakeOperator(op, operand, pattern, l);
    }

    private BoundExpr BindCase(Sql.Ast.CaseExpr c, Scope scope)
    {
        BoundExpr? operand = c.Operand is null ? null : BindExpr(c.Operand, scope);
        var conds = new List<BoundExpr>();
        var results = new List<BoundExpr>();
        var unreached = new List<bool>();
        var settled = false;
        foreach (var w in c.Whens)
        {
            // After a constant-true condition nothing more is folded; behind a constant-false one, its result is not.
            var cond = settled ? WithoutFolding(() => BindWhen(operand, w, scope)) : BindWhen(operand, w, scope);
            conds.Add(cond);
            var skip = settled || cond is ConstExpr { Value: not true };
            unreached.Add(skip);
            results.Add(skip ? WithoutFolding(() => BindExpr(w.Result, scope)) : BindExpr(w.Result, scope));
            settled |= cond is ConstExpr { Value: true };
        }

        var elseExpr = c.Else is null ? null : settled ? WithoutFolding(() => BindExpr(c.Else, scope)) : BindExpr(c.Else, scope);
        var type = TypeResolution.CommonType([.. results.Select(r => r.Type), .. elseExpr is null ? Array.Empty<PgType>() : [elseExpr.Type]], "CASE");
        var whens = conds.Select((w, i) => (w, CoerceLazily(results[i], type, unreached[i]))).ToArray();
        return new CaseExpr(whens, elseExpr is null ? null : CoerceLazily(elseExpr, type, settled), type);
    }

    private BoundExpr BindWhen(BoundExpr? operand, CaseWhen w, Scope scope) => operand is null
        ? CoerceToBool(BindExpr(w.Condition, scope), "CASE/WHEN", w.Condition)
        : MakeOperator("=", operand, BindExpr(w.Condition, scope), w);

    private BoundExpr CoerceLazily(BoundExpr e, PgType type, bool unreached)
        => unreached ? WithoutFolding(() => Coerce(e, type, -1, CastContext.Implicit)) : Coerce(e, type, -1, CastContext.Implicit);

    private BoundExpr BindCoalesce(Sql.Ast.CoalesceExpr c, Scope scope)
    {
        // Arguments after a non-null constant are never evaluated, so they are not folded either.
        var args = new List<BoundExpr>();
        var settled = false;
        foreach (var a in c.Args)
        {
            var bound = settled ? WithoutFolding(() => BindExpr(a, scope)) : BindExpr(a, scope);
            args.Add(bound);
            settled |= bound is ConstExpr { Value: not null };
        }

        var type = TypeResolution.CommonType([.. args.Select(a => a.Type)], "COALESCE");
        var firstConstant = args.FindIndex(a => a is ConstExpr { Value: not null });
        return new CoalesceExpr([.. args.Select((a, i) => CoerceLazily(a, type, firstConstant >= 0 && i > firstConstant))], type);
    }

    private BoundExpr BindNullIf(Sql.Ast.NullIfExpr n, Scope scope)
    {
        var l = BindExpr(n.Left, scope);
        var r = BindExpr(n.Right, scope);
        var eq = MakeOperator("=", l, r, n);
        var left = eq is CallExpr call ? call.Args[0] : ResolveUnknown(l);
        return new NullIfExpr(left, eq);
    }

    private BoundExpr BindMinMax(Sql.Ast.MinMaxExpr m, Scope scope)
    {
        var args = m.Args.Select(a => BindExpr(a, scope)).ToList();
        var type = TypeResolution.CommonType([.. args.Select(a => a.Type)], m.IsGreatest ? "GREATEST" : "LEAST");
        return new MinMaxExpr(m.IsGreatest, [.. args.Select(a => Coerce(a, type, -1, CastContext.Implicit))], type);
    }

    private BoundExpr BindArray(Sql.Ast.ArrayExpr a, Scope scope, PgType? targetArray)
    {
        var elems = a.Elements.Select(e => e is Sql.Ast.ArrayExpr inner ? BindArray(inner, scope, targetArray) : BindExpr(e, scope)).ToList();
        if (elems.Count == 0)
        {
            if (targetArray is null)
            {
                throw Error(SqlState.IndeterminateDatatype, "cannot determine type of empty array", a,
                    "Explicitly cast to the desired type, for example ARRAY[]::integer[].");
            }

            return new ConstExpr(new PgArray(targetArray.ElementType!, []), targetArray);
        }

        var type = TypeResolution.CommonType([.. elems.Select(e => e.Type)], "ARRAY");
        if (type.IsArray)
        {
            // Nested ARRAY[ARRAY[...]]: a multi-dimensional array of the inner element type.
            return new ArrayExpr([.. elems.Select(e => Coerce(e, type, -1, CastContext.Implicit))], type);
        }

        var arrayType = type.ArrayType ?? throw Error(SqlState.UndefinedObject, $"could not find array type for data type {type.SqlName}", a);
        var result = new ArrayExpr([.. elems.Select(e => Coerce(e, type, -1, CastContext.Implicit))], arrayType);
        return result.IsConstant ? Fold(result) : result;
    }

    private BoundExpr BindSubscript(Sql.Ast.SubscriptExpr s, Scope scope)
    {
        // Collect chained subscripts a[1][2] into one node.
        var chain = new List<Sql.Ast.SubscriptExpr>();
        Expr cur = s;
        while (cur is Sql.Ast.SubscriptExpr sub)
        {
            chain.Insert(0, sub);
            cur = sub.Operand;
        }

        var operand = BindExpr(cur, scope);
        if (operand.Type == PgTypes.Jsonb)
        {
            return BindJsonbSubscript(operand, chain, scope);
        }

        if (!operand.Type.IsArray)
        {
            throw Error(SqlState.DatatypeMismatch, $"cannot subscript type {operand.Type.SqlName} because it does not support subscripting", s);
        }

        var subs = chain.Select(x => (
            x.Lower is null ? null : Coerce(BindExpr(x.Lower, scope), PgTypes.Int4, -1, CastContext.Implicit),
            x.Upper is null ? null : Coerce(BindExpr(x.Upper, scope), PgTypes.Int4, -1, CastContext.Implicit),
            x.IsSlice)).ToArray();
        var type = subs.Any(x => x.IsSlice) ? operand.Type : operand.Type.ElementType!;
        return new SubscriptExpr(operand, subs, type);
    }

    /// <summary>Whether an AST expression contains an aggregate call (not inside a subquery).</summary>
    private static bool ContainsAggregate(Expr e) => FindAggregate(e) is not null;

    /// <summary>The first aggregate call of this query level in <paramref name="e"/> (not inside a subquery), or null.</summary>
    private static FunctionCall? FindAggregate(Expr e) => FindCall(e, false);

    private static bool ContainsWindow(Expr e) => FindWindow(e) is not null;

    /// <summary>The first window function call (f(...) OVER ...) of this query level in <paramref name="e"/>, or null.</summary>
    private static FunctionCall? FindWindow(Expr e) => FindCall(e, true);

    /// <summary>The first aggregate (or, with <paramref name="window"/>, window) call in <paramref name="e"/>, outside subqueries.</summary>
    private static FunctionCall? FindCall(Expr e, bool window) => e switch
    {
        FunctionCall f => (window ? f.Over is not null : f.Over is null && BuiltinFunctions.LookupAggregate(f.Name.Name).Count > 0) ? f
            : First(f.Args, window) ?? (f.Over is null ? null : First(f.Over.PartitionBy, window) ?? First(f.Over.OrderBy.Select(o => o.Expr), window)),
        BinaryExpr b => FindCall(b.Left, window) ?? FindCall(b.Right, window),
        UnaryExpr u => FindCall(u.Operand, window),
        Sql.Ast.CastExpr c => FindCall(c.Operand, window),
        AndExpr a => First(a.Operands, window),
        OrExpr o => First(o.Operands, window),
        Sql.Ast.NotExpr n => FindCall(n.Operand, window),
        Sql.Ast.CaseExpr c => (c.Operand is null ? null : FindCall(c.Operand, window))
            ?? c.Whens.Select(w => FindCall(w.Condition, window) ?? FindCall(w.Result, window)).FirstOrDefault(f => f is not null)
            ?? (c.Else is null ? null : FindCall(c.Else, window)),
        Sql.Ast.CoalesceExpr c => First(c.Args, window),
        Sql.Ast.NullIfExpr n => FindCall(n.Left, window) ?? FindCall(n.Right, window),
        Sql.Ast.MinMaxExpr m => First(m.Args, window),
        Sql.Ast.IsNullExpr n => FindCall(n.Operand, window),
        Sql.Ast.IsBoolExpr n => FindCall(n.Operand, window),
        BetweenExpr b => FindCall(b.Operand, window) ?? FindCall(b.Low, window) ?? FindCall(b.High, window),
        InListExpr i => FindCall(i.Operand, window) ?? First(i.Items, window),
        LikeExpr l => FindCall(l.Operand, window) ?? FindCall(l.Pattern, window),
        Sql.Ast.ArrayExpr a => First(a.Elements, window),
        CollateExpr c => FindCall(c.Operand, window),
        Sql.Ast.SubscriptExpr s => FindCall(s.Operand, window),
        IsDistinctFromExpr d => FindCall(d.Left, window) ?? FindCall(d.Right, window),
        QuantifiedArrayExpr q => FindCall(q.Left, window) ?? FindCall(q.Array, window),
        Sql.Ast.RowExpr r => First(r.Fields, window),
        _ => null,
    };

    private static FunctionCall? First(IEnumerable<Expr> exprs, bool window)
    {
        foreach (var e in exprs)
        {
            if (FindCall(e, window) is { } f)
            {
                return f;
            }
        }

        return null;
    }
}
