using Npgsql;
using OmenDb.Compat.Dotnet;

// compat-dotnet HOST PORT: Npgsql 10, Dapper and EF Core (Npgsql.EntityFrameworkCore.PostgreSQL 10) against an already
// running server, with default connection strings (type loading and pooling on). Prints "ok   dotnet ..." or
// "FAIL dotnet ..." per check and exits 1 when any check fails. It must pass against PostgreSQL 15 as well.
if (args.Length != 2 || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("usage: compat-dotnet HOST PORT");
    return 2;
}

var builder = new NpgsqlConnectionStringBuilder { Host = args[0], Port = port, Username = "postgres", Database = "postgres" };
var checks = new Checks();
var target = new Target(builder.ConnectionString);
await NpgsqlChecks.RunAsync(checks, target);
await VectorChecks.RunAsync(checks, target);
await DapperChecks.RunAsync(checks, target);
await EfCoreChecks.RunAsync(checks, target);
await TypeLoadingTiming.RunAsync(checks, target);
return checks.Failed == 0 ? 0 : 1;
