using System.Collections.Frozen;

namespace OmenDb.Sql.Lexing;

/// <summary>Keyword category, as in PostgreSQL 15's kwlist.h (facts from <c>pg_get_keywords()</c>).</summary>
internal enum KeywordCategory : byte
{
    /// <summary>Not a keyword: an ordinary identifier.</summary>
    None,
    /// <summary>Unreserved: usable as any name.</summary>
    Unreserved,
    /// <summary>col_name_keyword: usable as a column or table name, not as a function or type name.</summary>
    ColumnName,
    /// <summary>type_func_name_keyword: usable as a function or type name, not as a column name.</summary>
    TypeFuncName,
    /// <summary>Reserved: only usable as a label after AS, or quoted.</summary>
    Reserved,
}

/// <summary>
/// The keyword table of PostgreSQL 15 (catcode U/C/T/R and the bare-label flag from <c>pg_get_keywords()</c>).
/// </summary>
internal static class Keywords
{
    private static readonly string[] s_unreserved =
    [
        "abort", "absolute", "access", "action", "add", "admin", "after", "aggregate", "also", "alter",
        "always", "asensitive", "assertion", "assignment", "at", "atomic", "attach", "attribute", "backward", "before",
        "begin", "breadth", "by", "cache", "call", "called", "cascade", "cascaded", "catalog", "chain",
        "characteristics", "checkpoint", "class", "close", "cluster", "columns", "comment", "comments", "commit", "committed",
        "compression", "configuration", "conflict", "connection", "constraints", "content", "continue", "conversion", "copy", "cost",
        "csv", "cube", "current", "cursor", "cycle", "data", "database", "day", "deallocate", "declare",
        "defaults", "deferred", "definer", "delete", "delimiter", "delimiters", "depends", "depth", "detach", "dictionary",
        "disable", "discard", "document", "domain", "double", "drop", "each", "enable", "encoding", "encrypted",
        "enum", "escape", "event", "exclude", "excluding", "exclusive", "execute", "explain", "expression", "extension",
        "external", "family", "filter", "finalize", "first", "following", "force", "forward", "function", "functions",
        "generated", "global", "granted", "groups", "handler", "header", "hold", "hour", "identity", "if",
        "immediate", "immutable", "implicit", "import", "include", "including", "increment", "index", "indexes", "inherit",
        "inherits", "inline", "input", "insensitive", "insert", "instead", "invoker", "isolation", "key", "label",
        "language", "large", "last", "leakproof", "level", "listen", "load", "local", "location", "lock",
        "locked", "logged", "mapping", "match", "matched", "materialized", "maxvalue", "merge", "method", "minute",
        "minvalue", "mode", "month", "move", "name", "names", "new", "next", "nfc", "nfd",
        "nfkc", "nfkd", "no", "normalized", "nothing", "notify", "nowait", "nulls", "object", "of",
        "off", "oids", "old", "operator", "option", "options", "ordinality", "others", "over", "overriding",
        "owned", "owner", "parallel", "parameter", "parser", "partial", "partition", "passing", "password", "plans",
        "policy", "preceding", "prepare", "prepared", "preserve", "prior", "privileges", "procedural", "procedure", "procedures",
        "program", "publication", "quote", "range", "read", "reassign", "recheck", "recursive", "ref", "referencing",
        "refresh", "reindex", "relative", "release", "rename", "repeatable", "replace", "replica", "reset", "restart",
        "restrict", "return", "returns", "revoke", "role", "rollback", "rollup", "routine", "routines", "rows",
        "rule", "savepoint", "schema", "schemas", "scroll", "search", "second", "security", "sequence", "sequences",
        "serializable", "server", "session", "set", "sets", "share", "show", "simple", "skip", "snapshot",
        "sql", "stable", "standalone", "start", "statement", "statistics", "stdin", "stdout", "storage", "stored",
        "strict", "strip", "subscription", "support", "sysid", "system", "tables", "tablespace", "temp", "template",
        "temporary", "text", "ties", "transaction", "transform", "trigger", "truncate", "trusted", "type", "types",
        "uescape", "unbounded", "uncommitted", "unencrypted", "unknown", "unlisten", "unlogged", "until", "update", "vacuum",
        "valid", "validate", "validator", "value", "varying", "version", "view", "views", "volatile", "whitespace",
        "within", "without", "work", "wrapper", "write", "xml", "year", "yes", "zone",
    ];

    private static readonly string[] s_columnName =
    [
        "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
        "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national",
        "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real",
        "row", "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar",
        "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
        "xmltable",
    ];

    private static readonly string[] s_typeFuncName =
    [
        "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full", "ilike", "inner",
        "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right",
        "similar", "tablesample", "verbose",
    ];

    private static readonly string[] s_reserved =
    [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
        "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
        "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
        "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null",
        "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
        "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique",
        "user", "using", "variadic", "when", "where", "window", "with",
    ];

    /// <summary>Keywords that need AS to be a column label (PostgreSQL's AS_LABEL).</summary>
    private static readonly string[] s_asLabelOnly =
    [
        "array", "as", "char", "character", "create", "day", "except", "fetch", "filter", "for",
        "from", "grant", "group", "having", "hour", "intersect", "into", "isnull", "limit", "minute",
        "month", "notnull", "offset", "on", "order", "over", "overlaps", "precision", "returning", "second",
        "to", "union", "varying", "where", "window", "with", "within", "without", "year",
    ];

    private static readonly FrozenDictionary<string, KeywordCategory> s_categories = Build();
    private static readonly FrozenSet<string> s_asLabel = FrozenSet.ToFrozenSet(s_asLabelOnly, StringComparer.Ordinal);

    private static FrozenDictionary<string, KeywordCategory> Build()
    {
        var d = new Dictionary<string, KeywordCategory>(StringComparer.Ordinal);
        foreach (var w in s_unreserved) { d[w] = KeywordCategory.Unreserved; }
        foreach (var w in s_columnName) { d[w] = KeywordCategory.ColumnName; }
        foreach (var w in s_typeFuncName) { d[w] = KeywordCategory.TypeFuncName; }
        foreach (var w in s_reserved) { d[w] = KeywordCategory.Reserved; }
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Category of a folded (lower-case) unquoted word.</summary>
    public static KeywordCategory Lookup(string word) =>
        s_categories.TryGetValue(word, out var c) ? c : KeywordCategory.None;

    /// <summary>True when a keyword may be a column label only after AS.</summary>
    public static bool RequiresAsForLabel(string word) => s_asLabel.Contains(word);
}
