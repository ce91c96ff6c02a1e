using System.Text.Json;
using System.Text.Json.Nodes;
using OmenDb.Common;
using OmenDb.Engine.Binding;
using OmenDb.Engine.Columnar;
using OmenDb.Engine.Indexes;
using OmenDb.Engine.Types;
using OmenDb.Sql.Parsing;

namespace OmenDb.Engine.Catalog;

/// <summary>
/// The persistent image of the catalog: every database, schema, relation, column, constraint, role and the OID
/// counter, written as one JSON document in the committing transaction's batch whenever DDL commits, and read back at
/// start. Only definitions are stored: expressions as SQL text (column defaults, CHECK constraints, view queries,
/// index predicates), cross references as OIDs. Everything derived from them (bound CHECK expressions, the hash
/// indexes that enforce UNIQUE, the in-memory row store) is rebuilt by <see cref="Load"/>. Temporary tables are
/// session objects and are never written. Sequence positions are stored separately (nextval is not transactional).
/// </summary>
/// <remarks>A new persistent field of a catalog class must be written in <see cref="Save"/> and read in <see cref="Load"/>;
/// the restart tests in OmenDb.Engine.Tests check that a catalog survives a reopen field for field.</remarks>
internal static class CatalogCodec
{
    /// <summary>Version of the JSON layout (independent of the key layout's format version).</summary>
    private const int Version = 1;

    /// <summary>The catalog image as <paramref name="viewer"/> (the committing transaction) sees it: other transactions' uncommitted DDL is left out.</summary>
    public static byte[] Save(CatalogStore catalog, Transactions.TransactionState? viewer = null)
    {
        lock (catalog.SyncRoot)
        {
            var root = new JsonObject
            {
                ["version"] = Version,
                ["nextOid"] = catalog.PeekNextOid(),
                ["roles"] = new JsonArray([.. catalog.Roles.Values.Select(SaveRole)]),
                ["databases"] = new JsonArray([.. catalog.Databases.Values.Select(d => SaveDatabase(d, viewer))]),
            };
            return JsonSerializer.SerializeToUtf8Bytes(root);
        }
    }

    private static JsonObject SaveRole(RoleDef r) => new()
    {
        ["oid"] = r.Oid, ["name"] = r.Name, ["super"] = r.IsSuperuser, ["login"] = r.CanLogin, ["createDb"] = r.CreateDb,
        ["createRole"] = r.CreateRole, ["inherit"] = r.Inherit, ["replication"] = r.Replication, ["bypassRls"] = r.BypassRls,
        ["connLimit"] = r.ConnectionLimit, ["password"] = r.Password, ["validUntil"] = r.ValidUntil,
    };

    private static JsonObject SaveDatabase(DatabaseInfo db, Transactions.TransactionState? viewer) => new()
    {
        ["oid"] = db.Oid, ["name"] = db.Name, ["owner"] = db.OwnerOid, ["comment"] = CatalogVisibility.CommentAsSeenBy(db, viewer),
        ["extensions"] = new JsonObject([.. db.Extensions.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]),
        ["schemas"] = new JsonArray([.. CatalogVisibility.Schemas(db, viewer).Select(s => SaveSchema(s, viewer))]),
    };

    private static JsonObject SaveSchema(SchemaInfo s, Transactions.TransactionState? viewer) => new()
    {
        ["oid"] = s.Oid, ["name"] = s.Name, ["owner"] = s.OwnerOid, ["comment"] = CatalogVisibility.CommentAsSeenBy(s, viewer),
        ["relations"] = new JsonArray([.. CatalogVisibility.Relations(s, viewer).Where(r => r is not TableInfo { IsTemporary: true } && !IsOfTemporaryTable(r))
            .OrderBy(r => r.Oid).Select(SaveRelation)]),
    };

    private static bool IsOfTemporaryTable(RelationInfo r) => r switch
    {
        IndexInfo i => i.Table.IsTemporary,
        SequenceInfo { OwnedBy: { } o } => o.Table.IsTemporary,
        _ => false,
    };

    private static JsonObject SaveRelation(RelationInfo r)
    {
        var o = new JsonObject
        {
            ["kind"] = ((char)r.Kind).ToString(), ["oid"] = r.Oid, ["name"] = r.Name, ["owner"] = r.OwnerOid, ["comment"] = r.Comment,
            ["options"] = Strings(r.Options),
        };
        switch (r)
        {
            case TableInfo t:
                o["rowType"] = t.RowTypeOid;
                o["relTuples"] = t.RelTuples;
                o["columns"] = new JsonArray([.. t.Columns.Select(SaveColumn)]);
                o["constraints"] = new JsonArray([.. t.Constraints.Select(SaveConstraint)]);
                break;
            case ViewInfo v:
                o["rowType"] = v.RowTypeOid;
                o["query"] = v.QuerySql;
                o["columns"] = new JsonArray([.. v.Columns.Select(SaveColumn)]);
                break;
            case IndexInfo i:
                o["table"] = i.Table.Oid;
                o["columns"] = Shorts(i.Columns);
                o["expressions"] = Strings(i.Expressions);
                o["unique"] = i.IsUnique;
                o["primary"] = i.IsPrimary;
                o["method"] = i.Method;
                o["opClasses"] = new JsonArray([.. i.OpClasses.Select(c => (JsonNode?)c)]);
                o["descending"] = new JsonArray([.. i.Descending.Select(d => (JsonNode?)d)]);
                o["predicate"] = i.PredicateSql;
                o["constraint"] = i.Constraint?.Oid;
                break;
            case SequenceInfo q:
                o["type"] = q.DataType.Oid;
                o["start"] = q.Start;
                o["increment"] = q.Increment;
                o["min"] = q.MinValue;
                o["max"] = q.MaxValue;
                o["cache"] = q.Cache;
                o["cycle"] = q.Cycle;
                o["ownedByTable"] = q.OwnedBy?.Table.Oid;
                o["ownedByColumn"] = q.OwnedBy?.AttNum;
                break;
        }

        return o;
    }

    private static JsonObject SaveColumn(ColumnInfo c) => new()
    {
        ["name"] = c.Name, ["attnum"] = c.AttNum, ["type"] = c.Type.Oid, ["typmod"] = c.Typmod, ["notNull"] = c.NotNull,
        ["default"] = c.DefaultSql, ["defaultOid"] = c.DefaultOid, ["identity"] = c.Identity == '\0' ? null : c.Identity.ToString(),
        ["generated"] = c.Generated == '\0' ? null : c.Generated.ToString(), ["dropped"] = c.IsDropped, ["comment"] = c.Comment,
    };

    private static JsonObject SaveConstraint(ConstraintInfo c) => new()
    {
        ["oid"] = c.Oid, ["name"] = c.Name, ["kind"] = ((char)c.Kind).ToString(), ["columns"] = Shorts(c.Columns), ["check"] = c.CheckSql,
        ["refTable"] = c.ReferencedTable?.Oid, ["refColumns"] = Shorts(c.ReferencedColumns),
        ["onDelete"] = ((char)c.OnDelete).ToString(), ["onUpdate"] = ((char)c.OnUpdate).ToString(), ["index"] = c.Index?.Oid,
        ["comment"] = c.Comment,
    };

    private static JsonArray Shorts(IEnumerable<short> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    /// <summary>
    /// Replaces the catalog's contents with the image in <paramref name="json"/> and rebuilds derived state;
    /// <paramref name="binderFor"/> makes a binder for a database as a session of it would bind (to rebind CHECKs).
    /// </summary>
    public static void Load(CatalogStore catalog, ReadOnlySpan<byte> json, Func<DatabaseInfo, Binder> binderFor)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        if ((int)root["version"]! != Version)
        {
            throw new PgException(SqlState.DataCorrupted, $"catalog image version {(int)root["version"]!} is not supported (expected {Version})");
        }

        lock (catalog.SyncRoot)
        {
            catalog.Roles.Clear();
            catalog.Databases.Clear();
            catalog.SetNextOid((uint)root["nextOid"]!);
            foreach (var r in root["roles"]!.AsArray())
            {
                var role = LoadRole(r!.AsObject());
                catalog.Roles[role.Name] = role;
            }

            foreach (var d in root["databases"]!.AsArray())
            {
                var db = LoadDatabase(d!.AsObject(), catalog.RowLog);
                catalog.Databases[db.Name] = db;
            }

            foreach (var db in catalog.Databases.Values)
            {
                RebuildDerived(db, binderFor(db));
            }

            catalog.Bump();
        }
    }

    private static RoleDef LoadRole(JsonObject o) => new((uint)o["oid"]!, (string)o["name"]!)
    {
        IsSuperuser = (bool)o["super"]!, CanLogin = (bool)o["login"]!, CreateDb = (bool)o["createDb"]!, CreateRole = (bool)o["createRole"]!,
        Inherit = (bool)o["inherit"]!, Replication = (bool)o["replication"]!, BypassRls = (bool)o["bypassRls"]!,
        ConnectionLimit = (int)o["connLimit"]!, Password = (string?)o["password"], ValidUntil = (DateTime?)o["validUntil"],
    };

    private static DatabaseInfo LoadDatabase(JsonObject o, Persistence.IRowLog? rowLog)
    {
        var db = new DatabaseInfo((uint)o["oid"]!, (string)o["name"]!, (uint)o["owner"]!) { Comment = (string?)o["comment"], RowLog = rowLog };
        foreach (var (k, v) in o["extensions"]!.AsObject())
        {
            db.Extensions[k] = (string)v!;
        }

        var pending = new List<(SchemaInfo Schema, JsonObject Relation)>();
        foreach (var s in o["schemas"]!.AsArray())
        {
            var so = s!.AsObject();
            var schema = new SchemaInfo((uint)so["oid"]!, (string)so["name"]!, db, (uint)so["owner"]!) { Comment = (string?)so["comment"] };
            db.Schemas[schema.Name] = schema;
            pending.AddRange(so["relations"]!.AsArray().Select(r => (schema, r!.AsObject())));
        }

        // Tables first: indexes, sequences and foreign keys refer to them by OID.
        var tables = new Dictionary<uint, TableInfo>();
        var constraints = new Dictionary<uint, ConstraintInfo>();
        foreach (var (schema, r) in pending.Where(p => (string)p.Relation["kind"]! == "r"))
        {
            var t = new TableInfo((uint)r["oid"]!, (string)r["name"]!, schema, (uint)r["rowType"]!) { RelTuples = (double)r["relTuples"]! };
            LoadRelationCommon(t, r);
            t.Columns.AddRange(r["columns"]!.AsArray().Select(c => LoadColumn(c!.AsObject())));
            schema.Relations[t.Name] = t;
            tables[t.Oid] = t;
        }

        foreach (var (schema, r) in pending.Where(p => (string)p.Relation["kind"]! == "r"))
        {
            var t = tables[(uint)r["oid"]!];
            foreach (var c in r["constraints"]!.AsArray())
            {
                var co = c!.AsObject();
                var info = new ConstraintInfo((uint)co["oid"]!, (string)co["name"]!, (ConstraintKind)((string)co["kind"]!)[0], LoadShorts(co["columns"]))
                {
                    CheckSql = (string?)co["check"],
                    ReferencedTable = co["refTable"] is { } rt ? tables[(uint)rt] : null,
                    ReferencedColumns = LoadShorts(co["refColumns"]),
                    OnDelete = (ReferentialAction)((string)co["onDelete"]!)[0],
                    OnUpdate = (ReferentialAction)((string)co["onUpdate"]!)[0],
                    Comment = (string?)co["comment"],
                };
                t.Constraints.Add(info);
                constraints[info.Oid] = info;
            }
        }

        foreach (var (schema, r) in pending.Where(p => (string)p.Relation["kind"]! != "r"))
        {
            RelationInfo rel;
            switch ((string)r["kind"]!)
            {
                case "v":
                    {
                        var v = new ViewInfo((uint)r["oid"]!, (string)r["name"]!, schema, (string)r["query"]!, (uint)r["rowType"]!);
                        v.Columns.AddRange(r["columns"]!.AsArray().Select(c => LoadColumn(c!.AsObject())));
                        rel = v;
                        break;
                    }

                case "i":
                    {
                        var table = tables[(uint)r["table"]!];
                        var i = new IndexInfo((uint)r["oid"]!, (string)r["name"]!, schema, table, LoadShorts(r["columns"]))
                        {
                            IsUnique = (bool)r["unique"]!,
                            IsPrimary = (bool)r["primary"]!,
                            Method = (string)r["method"]!,
                            OpClasses = [.. r["opClasses"]!.AsArray().Select(x => (string?)x)],
                            Descending = [.. r["descending"]!.AsArray().Select(x => (bool)x!)],
                            PredicateSql = (string?)r["predicate"],
                        };
                        i.Expressions.AddRange(r["expressions"]!.AsArray().Select(x => (string)x!));
                        if (r["constraint"] is { } co && constraints.TryGetValue((uint)co, out var ci))
                        {
                            i.Constraint = ci;
                            ci.Index = i;
                        }

                        table.Indexes.Add(i);
                        rel = i;
                        break;
                    }

                case "S":
                    {
                        rel = new SequenceInfo((uint)r["oid"]!, (string)r["name"]!, schema)
                        {
                            DataType = PgTypes.FromOid((uint)r["type"]!) ?? PgTypes.Int8,
                            Start = (long)r["start"]!,
                            Increment = (long)r["increment"]!,
                            MinValue = (long)r["min"]!,
                            MaxValue = (long)r["max"]!,
                            Cache = (long)r["cache"]!,
                            Cycle = (bool)r["cycle"]!,
                            LastValue = (long)r["start"]!,
                            OwnedBy = r["ownedByTable"] is { } ot ? (tables[(uint)ot], (short)r["ownedByColumn"]!) : null,
                        };
                        break;
                    }

                default:
                    throw new PgException(SqlState.DataCorrupted, $"unknown relation kind \"{(string)r["kind"]!}\" in the catalog image");
            }

            LoadRelationCommon(rel, r);
            schema.Relations[rel.Name] = rel;
        }

        return db;
    }

    private static void LoadRelationCommon(RelationInfo rel, JsonObject r)
    {
        rel.OwnerOid = (uint)r["owner"]!;
        rel.Comment = (string?)r["comment"];
        rel.Options.AddRange(r["options"]!.AsArray().Select(x => (string)x!));
    }

    private static ColumnInfo LoadColumn(JsonObject c)
    {
        var typeOid = (uint)c["type"]!;
        var type = PgTypes.FromOid(typeOid) ?? throw new PgException(SqlState.DataCorrupted, $"the catalog image names unknown type OID {typeOid}");
        return new ColumnInfo((string)c["name"]!, (short)c["attnum"]!, type, (int)c["typmod"]!)
        {
            NotNull = (bool)c["notNull"]!,
            DefaultSql = (string?)c["default"],
            DefaultOid = (uint)c["defaultOid"]!,
            Identity = c["identity"] is { } id ? ((string)id!)[0] : '\0',
            Generated = c["generated"] is { } g ? ((string)g!)[0] : '\0',
            IsDropped = (bool)c["dropped"]!,
            Comment = (string?)c["comment"],
        };
    }

    private static short[] LoadShorts(JsonNode? node) => node is null ? [] : [.. node.AsArray().Select(x => (short)x!)];

    /// <summary>Rebuilds what is derived from the definitions: row stores, UNIQUE enforcement, bound CHECKs.</summary>
    private static void RebuildDerived(DatabaseInfo db, Binder binder)
    {
        foreach (var table in db.Schemas.Values.SelectMany(s => s.Relations.Values).OfType<TableInfo>())
        {
            table.Data = new ColumnarTable(table.Columns.Select(c => c.Type));
            foreach (var c in table.Constraints)
            {
                switch (c.Kind)
                {
                    case ConstraintKind.PrimaryKey or ConstraintKind.Unique:
                        table.UniqueIndexes.Add(UniqueIndex.For(table, c));
                        break;
                    case ConstraintKind.Check when c.CheckSql is not null:
                        table.BoundChecks.Add((c, binder.BindTableCheck(table, SqlParser.ParseExpression(c.CheckSql))));
                        break;
                }
            }

            // CREATE UNIQUE INDEX without a constraint: enforced like one (see Sessions/Ddl/Session.Indexes.cs).
            foreach (var index in table.Indexes.Where(i => i is { IsUnique: true, Constraint: null, PredicateSql: null } && !i.Columns.Contains((short)0)))
            {
                var key = new ConstraintInfo(index.Oid, index.Name, ConstraintKind.Unique, index.Columns) { Index = index };
                table.UniqueIndexes.Add(UniqueIndex.For(table, key));
            }
        }
    }
}
