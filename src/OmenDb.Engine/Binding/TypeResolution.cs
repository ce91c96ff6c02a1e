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
    /// Returns null when nothing matches or the choice is ambiguous.
    /// </summary>
    public static Resolved<T>? Choose<T>(IReadOnlyList<T> candidates, PgType[] actual, Func<T, PgType[]> argTypesOf,
        Func<T, PgType> returnTypeOf, Func<T, bool>? isVariadic = null)
        => Choose(candidates, actual, argTypesOf, returnTypeOf, isVariadic, out _);

    /// <summary>
    /// PostgreSQL's func_select_candidate: among the candidates every argument can reach by implicit coercion, keep
    /// those with the most exact matches, then the most exact-or-preferred matches on known arguments, then resolve
    /// unknown arguments by type category (string category first, then preferred types), then, as a last resort,
    /// assume unknown arguments have the type of the known ones. <paramref name="ambiguous"/> tells "is not unique"
    /// from "does not exist" when null is returned.
    /// </summary>
    public static Resolved<T>? Choose<T>(IReadOnlyList<T> candidates, PgType[] actual, Func<T, PgType[]> argTypesOf,
        Func<T, PgType> returnTypeOf, Func<T, bool>? isVariadic, out bool ambiguous)
    {
        ambiguous = false;
        var matching = new List<(Resolved<T> Resolved, PgType[] Declared)>();
        foreach (var cand in candidates)
        {
            var declared = ExpandVariadic(argTypesOf(cand), actual.Length, isVariadic?.Invoke(cand) ?? false);
            if (declared is null || !TryResolvePolymorphic(declared, actual, returnTypeOf(cand), out var argTypes, out var ret))
            {
                continue;
            }

            var ok = true;
            for (var i = 0; i < actual.Length && ok; i++)
            {
                ok = actual[i] == argTypes[i] || CanCoerce(actual[i], argTypes[i], CastContext.Implicit);
            }

            if (ok)
            {
                matching.Add((new Resolved<T>(cand, argTypes, ret), declared));
            }
        }

        if (matching.Count <= 1)
        {
            return matching.Count == 1 ? matching[0].Resolved : null;
        }

        // Most exact matches on known inputs, then most exact-or-preferred (same category) matches.
        matching = KeepBest(matching, m => Count(actual, m.Declared, (a, d) => a == d));
        if (matching.Count == 1)
        {
            return matching[0].Resolved;
        }

        matching = KeepBest(matching, m => Count(actual, m.Declared, (a, d) => a == d || (d.IsPreferred && d.Category == a.Category)));
        if (matching.Count == 1)
        {
            return matching[0].Resolved;
        }

        if (actual.Any(a => a == PgTypes.Unknown))
        {
            var filtered = matching;
            for (var i = 0; i < actual.Length; i++)
            {
                if (actual[i] != PgTypes.Unknown)
                {
                    continue;
                }

                // The category for this unknown input: string if any candidate takes one, else the one all agree on.
                var slot = i;
                var categories = filtered.Select(m => m.Declared[slot].Category).Distinct().ToList();
                char category;
                if (categories.Contains('S'))
                {
                    category = 'S';
                }
                else if (categories.Count == 1)
                {
                    category = categories[0];
                }
                else
                {
                    ambiguous = true;
                    return null;
                }

                var anyPreferred = filtered.Any(m => m.Declared[slot].Category == category && m.Declared[slot].IsPreferred);
                var kept = filtered.Where(m => m.Declared[slot].Category == category && (!anyPreferred || m.Declared[slot].IsPreferred)).ToList();
                if (kept.Count > 0)
                {
                    filtered = kept;
                }
            }

            if (filtered.Count == 1)
            {
                return filtered[0].Resolved;
            }

            matching = filtered;

            // Last resort: all known inputs share one type; assume the unknown ones have it too.
            var known = actual.Where(a => a != PgTypes.Unknown).Distinct().ToList();
            if (known.Count == 1)
            {
                var lastGasp = matching.Where(m => m.Resolved.ArgTypes.Select((d, j) => actual[j] != PgTypes.Unknown || d == known[0]).All(x => x)).ToList();
                if (lastGasp.Count == 1)
                {
                    return lastGasp[0].Resolved;
                }
            }
        }

        ambiguous = true;
        return null;
    }

    private static int Count(PgType[] actual, PgType[] declared, Func<PgType, PgType, bool> match)
    {
        var n = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] != PgTypes.Unknown && match(actual[i], declared[i]))
            {
                n++;
            }
        }

        return n;
    }

    private static List<T> KeepBest<T>(List<T> items, Func<T, int> score)
    {
        var best = items.Max(score);
        return [.. items.Where(m => score(m) == best)];
    }

    private static PgType[]? ExpandVariadic(PgType[] declared, int actualCount, bool variadic)
    {
        if (!variadic)
        {
            return declared.Length == actualCount ? declared : null;
        }

        // The variadic parameter takes at least one argument (format(text) is not format(text, VARIADIC "any")).
        var fixedCount = declared.Length - 1;
        if (actualCount < declared.Length)
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
            // An array-like argument keeps its own type for anyarray (int2vector, oidvector: _pg_expandarray(indkey)).
            r[i] = IsPolyElement(d) ? elem
                : d == PgTypes.AnyArray ? (actual[i].IsArray && actual[i].ElementType == elem ? actual[i] : elem.ArrayType ?? d)
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
