using OmenDb.Engine.Sessions;

namespace OmenDb.Engine.Tests.Support;

/// <summary>Runs SQL through a session's API as a client would: each row as its values joined by '|' ("null" for NULL).</summary>
internal static class SessionScript
{
    public static List<string> Run(Session session, string sql)
    {
        var rows = new List<string>();
        try
        {
            foreach (var statement in session.ParseScript(sql))
            {
                using var portal = session.Bind(session.Prepare(statement), []);
                while (portal.TryFetch(0, out var batch))
                {
                    for (var i = 0; i < batch!.LiveCount; i++)
                    {
                        var row = batch.RowAt(i);
                        rows.Add(string.Join('|', batch.Columns.Select(c => c.GetValue(row)?.ToString() ?? "null")));
                    }
                }
            }

            session.Sync();
        }
        catch
        {
            session.OnError();
            throw;
        }

        return rows;
    }

    /// <summary>Runs a prepared statement with <paramref name="parameters"/> and syncs: each row as its result columns'
    /// values joined by '|' ("null" for NULL).</summary>
    public static List<string> Fetch(Session session, PreparedStatement prepared, object?[] parameters)
    {
        var rows = new List<string>();
        using (var portal = session.Bind(prepared, parameters))
        {
            while (portal.TryFetch(0, out var batch))
            {
                for (var i = 0; batch is not null && i < batch.LiveCount; i++)
                {
                    var row = batch.RowAt(i);
                    rows.Add(string.Join('|', Enumerable.Range(0, portal.Columns!.Count).Select(c => batch.Columns[c].GetValue(row)?.ToString() ?? "null")));
                }
            }
        }

        session.Sync();
        return rows;
    }
}
