using OmenDb.Common;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.Binding;

/// <summary>
/// PostgreSQL's implicit-coercion and overload-resolution rules (parse_coerce.c / parse_func.c), in the
/// subset that built-in types need: exact matches first, then implicit casts, preferred types and string
/// category for unknown literals; polymorphic pseudo types resolved from the actual arguments.
/// </summary>
internal static class TypeResolution
{
    /// <summary>Whether a value of <paramref name="from"/> may be coerced to <paramref name="to"/> in <paramref name="context"/>.</summary>
    public static bool CanCoerce(PgType from, PgType to, CastContext context)
    {
        if (from == to || to == PgTypes.Any)
        {
            return true;
        }

        if (from == PgTypes.Unknown)
        {
            return to.TypType != 'p' || to == PgTypes.Unknown;
        }

        if (to == PgTypes.Record && from.Kind == PgTypeKind.Record)
        {
            return true;
        }

        var cast = Casts.Find(from, to);
        return cast is not null && Rank(cast.Context) >= Rank(context);
    }

    private static int Rank(CastContext c) => c switch
    {
        CastContext.Implicit => 3,
        CastContext.Assignment => 2,
        _ => 1,
    };

    /// <summary>select_common_type: the type CASE / COALESCE / UNION / ARRAY[] branches resolve to.</summary>
    public static PgType CommonType(IReadOnlyList<PgType> types, string context)
    {
        PgType? p = null;
        foreach (var t in types)
        {
            if (t == PgTypes.Unknown)
            {
                continue;
            }

            if (p is null)
            {
                p = t;
                continue;
            }

            if (t == p)
            {
                continue;
            }

            if (t.Category != p.Category)
            {
                ThrowHelper.Throw(SqlState.DatatypeMismatch, $"{context} types {p.SqlName} and {t.SqlName} cannot be matched");
            }

            if (!p.IsPreferred && CanCoerce(p, t, CastContext.Implicit) && !CanCoerce(t, p, CastContext.Implicit))
            {
                p = t;
            }
        }

        p ??= PgTypes.Text;
        foreach (var t in types)
        {
            if (t != PgTypes.Unknown && !CanCoerce(t, p, CastContext.Implicit))
            {
                ThrowHelper.Throw(SqlState.DatatypeMismatch, $"{context} could not convert type {t.SqlName} to {p.SqlName}");
            }
        }

        return p;
    }

    /// <summary>A resolved overload: the chosen signature with polymorphic types replaced by actual ones.</summary>
    public sealed record Resolved<T>(T Candidate, PgType[] ArgTypes, PgType ReturnType);

    /// <summary>
    /// Chooses among <paramref name="candidates"/> for actual argument types <paramref name="actual"/>.
    /// Returns null when nothing matches.
    /// </summary>
    public static Resolved<T>? Choose<T>(IReadOnlyList<T> candidates, PgType[] actual, Func<T, PgType[]> argTypesOf,
        Func<T, PgType> returnTypeOf, Func<T, bool>? isVariadic = null)
    {
        Resolved<T>? best = null;
        var bestScore = (-1, -1, -1);
        foreach (var cand in candidates)
        {
            var declared = ExpandVariadic(argTypesOf(cand), actual.Length, isVariadic?.Invoke(cand) ?? false);
            if (declared is null)
            {
                continue;
            }

            if (!TryResolvePolymorphic(declared, actual, returnTypeOf(cand), out var argTypes, out var ret))
            {
                continue;
            }

            var exact = 0;
            var preferred = 0;
            var stringy = 0;
            var ok = true;
            for (var i = 0; i < actual.Length; i++)
            {
                var a = actual[i];
                var d = argTypes[i];
                if (a == d)
                {
                    exact++;
                    continue;
                }

                if (!CanCoerce(a, d, CastContext.Implicit))
                {
                    ok = false;
                    break;
                }

                if (a == PgTypes.Unknown)
                {
                    if (d.Category == 'S')
                    {
                        stringy++;
                    }
                }
                else if (d.IsPreferred && d.Category == a.Category)
                {
                    preferred++;
                }
            }

            if (!ok)
            {
                continue;
            }

            var score = (exact, preferred, stringy);
            if (best is null || Compare(score, bestScore) > 0)
            {
                best = new Resolved<T>(cand, argTypes, ret);
                bestScore = score;
            }
        }

        return best;
    }

    private static int Compare((int, int, int) a, (int, int, int) b)
        => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : a.Item3.CompareTo(b.Item3);

    private static PgType[]? ExpandVariadic(PgType[] declared, int actualCount, bool variadic)
    {
        if (!variadic)
        {
            return declared.Length == actualCount ? declared : null;
        }

        var fixedCount = declared.Length - 1;
        if (actualCount < fixedCount)
        {
            return null;
        }

        var last = declared[^1];
        var element = last == PgTypes.Any ? PgTypes.Any : last.ElementType ?? last;
        if (last == PgTypes.AnyArray)
        {
            element = PgTypes.AnyElement;
        }
        else if (last == PgTypes.AnyCompatibleArray)
        {
            element = PgTypes.AnyCompatible;
        }

        var expanded = new PgType[actualCount];
        Array.Copy(declared, expanded, fixedCount);
        for (var i = fixedCount; i < actualCount; i++)
        {
            expanded[i] = element;
        }

        return expanded;
    }

    private static bool IsPolyElement(PgType t) => t == PgTypes.AnyElement || t == PgTypes.AnyNonArray;

    /// <summary>Replaces anyelement/anyarray/anycompatible* in a signature by the types the arguments imply.</summary>
    public static bool TryResolvePolymorphic(PgType[] declared, PgType[] actual, PgType declaredReturn, out PgType[] resolved, out PgType ret)
    {
        resolved = declared;
        ret = declaredReturn;
        PgType? elem = null;
        var compat = new List<PgType>();
        var any = false;
        for (var i = 0; i < declared.Length; i++)
        {
            var d = declared[i];
            var a = actual[i];
            if (IsPolyElement(d))
            {
                any = true;
                if (a == PgTypes.Unknown)
                {
                    continue;
                }

                if (d == PgTypes.AnyNonArray && a.IsArray)
                {
                    return false;
                }

                if (elem is not null && elem != a)
                {
                    return false;
                }

                elem = a;
            }
            else if (d == PgTypes.AnyArray)
            {
                any = true;
                if (a == PgTypes.Unknown)
                {
                    continue;
                }

                if (!a.IsArray)
                {
                    return false;
                }

                if (elem is not null && elem != a.ElementType)
                {
                    return false;
                }

                elem = a.ElementType;
            }
            else if (d == PgTypes.AnyCompatible)
            {
                any = true;
                compat.Add(a);
            }
            else if (d == PgTypes.AnyCompatibleArray)
            {
                any = true;
                if (a == PgTypes.Unknown)
                {
                    continue;
                }

                if (!a.IsArray)
                {
                    return false;
                }

                compat.Add(a.ElementType!);
            }
        }

        if (!any && !IsPolyElement(declaredReturn) && declaredReturn != PgTypes.AnyArray
            && declaredReturn != PgTypes.AnyCompatible && declaredReturn != PgTypes.AnyCompatibleArray)
        {
            return true;
        }

        elem ??= PgTypes.Text;
        PgType? compatType = null;
        if (compat.Count > 0)
        {
            try
            {
                compatType = CommonType(compat, "function argument");
            }
            catch (PgException)
            {
                return false;
            }
        }

        var r = new PgType[declared.Length];
        for (var i = 0; i < declared.Length; i++)
        {
            var d = declared[i];
            r[i] = IsPolyElement(d) ? elem
                : d == PgTypes.AnyArray ? elem.ArrayType ?? d
                : d == PgTypes.AnyCompatible ? compatType ?? PgTypes.Text
                : d == PgTypes.AnyCompatibleArray ? (compatType ?? PgTypes.Text).ArrayType ?? d
                : d;
        }

        resolved = r;
        ret = IsPolyElement(declaredReturn) ? elem
            : declaredReturn == PgTypes.AnyArray ? elem.ArrayType ?? declaredReturn
            : declaredReturn == PgTypes.AnyCompatible ? compatType ?? PgTypes.Text
            : declaredReturn == PgTypes.AnyCompatibleArray ? (compatType ?? PgTypes.Text).ArrayType ?? declaredReturn
            : declaredReturn;
        return true;
    }
}
