namespace OmenDb.Common;

/// <summary>A NoticeResponse to send to the client (severity NOTICE, WARNING, INFO, DEBUG or LOG).</summary>
/// <param name="Severity">The severity word, as PostgreSQL spells it.</param>
/// <param name="SqlState">The SQLSTATE, usually 00000 or a 01xxx warning.</param>
/// <param name="Message">The primary message.</param>
/// <param name="Detail">An optional detail line.</param>
/// <param name="Hint">An optional hint line.</param>
public sealed record PgNotice(string Severity, string SqlState, string Message, string? Detail = null, string? Hint = null);
