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

await using (var server = await OmenDbServer.StartAsync(options).ConfigureAwait(false))
{
    await server.WaitForShutdownAsync().ConfigureAwait(false);
}

return 0;
