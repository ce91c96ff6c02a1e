using OmenDb.Server;

// omendb: the PostgreSQL-protocol server. Parses options, starts the server, runs until SIGTERM or Ctrl+C
// (the host's console lifetime turns both into a graceful stop), then disposes the engine and exits 0.
ServerOptions options;
try
{
    options = CommandLine.Parse(args, Environment.GetEnvironmentVariable, out var help);
    if (help)
    {
        Console.Out.Write(CommandLine.Usage);
        return 0;
    }
}
catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("omendb: " + ex.Message);
    Console.Error.Write(CommandLine.Usage);
    return 2;
}

OmenDbServer server;
try
{
    server = await OmenDbServer.StartAsync(options).ConfigureAwait(false);
}
catch (OmenDb.Common.PgException ex)
{
    // A data directory that cannot be opened (in use by another server, another storage format, an I/O error):
    // one clear line, no stack trace.
    Console.Error.WriteLine($"omendb: FATAL: {ex.Message} (SQLSTATE {ex.SqlState})");
    return 1;
}

await using (server)
{
    await server.WaitForShutdownAsync().ConfigureAwait(false);
}

return 0;
