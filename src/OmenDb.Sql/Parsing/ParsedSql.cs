using OmenDb.Sql.Ast;

namespace OmenDb.Sql.Parsing;

/// <summary>
/// One statement of a script: the AST and the statement's text span (<see cref="Start"/>, <see cref="Length"/>, in
/// characters of the original string, without the terminating ';'). Node positions are offsets in the whole script.
/// </summary>
public sealed record ParsedSql(Statement? Statement, int Start, int Length);
