using System.Collections.Frozen;
using OmenDb.Engine.Functions;
using OmenDb.Engine.Types;

namespace OmenDb.Engine.PgCatalog;

/// <summary>One pg_proc row.</summary>
internal sealed record ProcEntry(uint Oid, string Name, PgType[] ArgTypes, PgType ReturnType, char Kind, bool ReturnsSet, bool Strict,
    char Volatility);

/// <summary>
/// pg_proc: the type I/O functions every pg_type row names (typinput/typoutput/typreceive/typsend; clients find array
/// types through <c>array_recv</c>, OID 2400), then the function library's scalar functions, aggregates and set-returning
/// functions, then the catalog functions. Entries keep PostgreSQL's OID where the library has it; the others (and
/// duplicates) get stable OIDs from <see cref="FirstSyntheticOid"/> up, in registration order.
/// </summary>
internal static class ProcCatalog
{
    /// <summary>First OID handed to functions without a PostgreSQL OID here (below FirstNormalObjectId, above PG's own).</summary>
    private const uint FirstSyntheticOid = 12000;

    /// <summary>PostgreSQL's OIDs of the I/O functions clients look for by OID or name.</summary>
    private static readonly Dictionary<string, uint> s_knownIo = new(StringComparer.Ordinal)
    {
        ["array_in"] = 750, ["array_out"] = 751, ["array_recv"] = 2400, ["array_send"] = 2401,
        ["record_in"] = 2290, ["record_out"] = 2291, ["record_recv"] = 2402, ["record_send"] = 2403,
    };

    private static readonly List<ProcEntry> s_all = [];
    private static readonly FrozenDictionary<uint, ProcEntry> s_byOid;
    private static readonly FrozenDictionary<string, ProcEntry> s_byName;
    private static readonly FrozenDictionary<uint, (uint In, uint Out, uint Recv, uint Send)> s_io;

    static ProcCatalog()
    {
        var used = new HashSet<uint>();
        var next = FirstSyntheticOid;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var byName = new Dictionary<string, ProcEntry>(StringComparer.Ordinal);
        uint Add(uint oid, string name, PgType[] args, PgType ret, char kind, bool retSet, bool strict, char volatility)
        {
            var key = name + "(" + string.Join(",", args.Select(a => a.Oid)) + ")";
            if (!seen.Add(key))
            {
                return byName.TryGetValue(key, out var existing) ? existing.Oid : 0;
            }

            if (oid == 0 || !used.Add(oid))
            {
                while (!used.Add(next))
                {
                    next++;
                }

                oid = next;
            }

            var entry = new ProcEntry(oid, name, args, ret, kind, retSet, strict, volatility);
            s_all.Add(entry);
            byName[key] = entry;
            byName.TryAdd(name, entry);
            return oid;
        }

        var io = new Dictionary<uint, (uint, uint, uint, uint)>();
        foreach (var type in PgTypes.All)
        {
            var (inName, outName, recvName, sendName) = IoNames(type);
            io[type.Oid] = (
                Add(s_knownIo.GetValueOrDefault(inName), inName, [PgTypes.Cstring], type, 'f', false, true, 'i'),
                Add(s_knownIo.GetValueOrDefault(outName), outName, [type], PgTypes.Cstring, 'f', false, true, 'i'),
                Add(s_knownIo.GetValueOrDefault(recvName), recvName, [PgTypes.Text], type, 'f', false, true, 'i'),
                Add(s_knownIo.GetValueOrDefault(sendName), sendName, [type], PgTypes.Bytea, 'f', false, true, 'i'));
        }

        foreach (var f in BuiltinFunctions.All)
        {
            Add(f.Oid, f.Name, f.ArgTypes, f.ReturnType, 'f', false, f.Strict, (char)(byte)f.Volatility);
        }

        foreach (var a in BuiltinFunctions.AllAggregates)
        {
            Add(a.Oid, a.Name, a.ArgTypes, a.ReturnType, 'a', false, a.Strict, 'i');
        }

        foreach (var s in BuiltinFunctions.AllSetReturning)
        {
            Add(s.Oid, s.Name, s.ArgTypes, s.Columns.Length == 1 ? s.Columns[0].Type : PgTypes.Record, 'f', s.ReturnsSet, s.Strict, 'i');
        }

        foreach (var c in CatalogFunctions.All)
        {
            Add(0, c.Name, c.ArgTypes, c.ReturnType, 'f', false, c.Strict, 's');
        }

        s_byOid = s_all.ToFrozenDictionary(p => p.Oid);
        s_byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        s_io = io.ToFrozenDictionary();
    }

    /// <summary>Every pg_proc row.</summary>
    public static IReadOnlyList<ProcEntry> All => s_all;

    /// <summary>The function with this OID, or null.</summary>
    public static ProcEntry? FromOid(uint oid) => s_byOid.GetValueOrDefault(oid);

    /// <summary>The first function with this name (regproc input), or null.</summary>
    public static ProcEntry? FromName(string name) => s_byName.GetValueOrDefault(name);

    /// <summary>typinput, typoutput, typreceive and typsend of a built-in type.</summary>
    public static (uint In, uint Out, uint Recv, uint Send) IoOf(PgType type) => s_io.GetValueOrDefault(type.Oid);

    /// <summary>typinput, typoutput, typreceive and typsend of composite row types (record_in ...).</summary>
    public static (uint In, uint Out, uint Recv, uint Send) RecordIo => IoOf(PgTypes.Record);

    /// <summary>PostgreSQL's I/O function names: int4in, textin, date_in, array_in, record_recv ...</summary>
    private static (string In, string Out, string Recv, string Send) IoNames(PgType type)
    {
        if (type.IsArray && type != PgTypes.Int2Vector && type != PgTypes.OidVector)
        {
            return ("array_in", "array_out", "array_recv", "array_send");
        }

        var p = type.IoPrefix;
        var underscore = type.Kind is PgTypeKind.Date or PgTypeKind.Time or PgTypeKind.Timestamp or PgTypeKind.TimestampTz
            or PgTypeKind.Interval or PgTypeKind.Numeric or PgTypeKind.Uuid or PgTypeKind.Json or PgTypeKind.Jsonb or PgTypeKind.Record
            or PgTypeKind.Vector or PgTypeKind.Void or PgTypeKind.Pseudo || type == PgTypes.Cstring || type == PgTypes.PgNodeTree;
        var sep = underscore ? "_" : "";
        return (p + sep + "in", p + sep + "out", p + sep + "recv", p + sep + "send");
    }
}
