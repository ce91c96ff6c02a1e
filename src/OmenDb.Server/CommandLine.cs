using System.Globalization;
using System.Net;
using OmenDb.Engine.Sessions;
using OmenDb.Wire.Startup;

namespace OmenDb.Server;

/// <summary>
/// Hand-written parsing of the command line and environment (OMENDB_LISTEN, OMENDB_PORT, OMENDB_DATA, OMENDB_AUTH,
/// OMENDB_TRANSPORT, OMENDB_PASSWORD). Options win over environment variables, which win over defaults.
/// </summary>
internal static class CommandLine
{
    /// <summary>The usage text printed by --help and after an error.</summary>
    public const string Usage = """
        Usage: omendb [options]
          --listen ADDRESS         address to listen on (default 127.0.0.1; env OMENDB_LISTEN)
          --port PORT              TCP port (default 5433; 0 = any free port; env OMENDB_PORT)
          --data DIR               data directory (default ./data; env OMENDB_DATA)
          --in-memory              keep everything in memory (nothing is written)
          --auth METHOD            catalog | trust | password | md5 | scram (default catalog: SCRAM-SHA-256 for
                                   roles with a password, none for roles without; env OMENDB_AUTH)
          --users FILE             passwords, one "name:password" per line ('#' starts a comment)
          --max-message-size SIZE  largest Query/Parse/Bind/CopyData message, e.g. 1048576, 64MB, 1GiB (default 1GiB)
          --max-connections N      sessions allowed at once, the last 3 for superusers (default 100, as PostgreSQL)
          --transport NAME         threads | kestrel (default threads: each connection on its own thread, as a
                                   PostgreSQL backend; kestrel: Kestrel's socket transport; env OMENDB_TRANSPORT)
          --help                   show this text
        Environment: OMENDB_PASSWORD sets the password of the superuser "postgres".
        """;

    /// <summary>Parses <paramref name="args"/> with <paramref name="environment"/> as fallback; throws <see cref="FormatException"/> on bad input.</summary>
    public static ServerOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment, out bool help)
    {
        help = false;
        var listen = environment("OMENDB_LISTEN");
        var port = environment("OMENDB_PORT");
        var data = environment("OMENDB_DATA");
        var auth = environment("OMENDB_AUTH");
        var password = environment("OMENDB_PASSWORD");
        string? usersFile = null;
        string? maxMessage = null;
        string? maxConnections = null;
        var inMemory = false;
        var transport = environment("OMENDB_TRANSPORT");
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                case "--in-memory":
                    inMemory = true;
                    break;
                case "--listen":
                    listen = Value();
                    break;
                case "--port" or "-p":
                    port = Value();
                    break;
                case "--data" or "-D":
                    data = Value();
                    break;
                case "--auth":
                    auth = Value();
                    break;
                case "--users":
                    usersFile = Value();
                    break;
                case "--max-message-size":
                    maxMessage = Value();
                    break;
                case "--max-connections":
                    maxConnections = Value();
                    break;
                case "--transport":
                    transport = Value();
                    break;
                default:
                    throw new FormatException($"unknown option \"{args[i]}\"");
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"option \"{arg}\" needs a value");
                }

                return args[++i];
            }
        }

        return new ServerOptions
        {
            ListenAddress = ParseAddress(listen),
            Port = port is null ? 5433 : ParsePort(port),
            DataDirectory = string.IsNullOrEmpty(data) ? "./data" : data,
            InMemory = inMemory,
            Authentication = ParseAuth(auth),
            Users = usersFile is null ? null : ReadUsersFile(usersFile),
            SuperuserPassword = string.IsNullOrEmpty(password) ? null : password,
            MaxMessageSize = maxMessage is null ? WireOptions.DefaultMaxMessageSize : ParseSize(maxMessage),
            Transport = ParseTransport(transport),
            MaxConnections = maxConnections is null ? DatabaseEngine.DefaultMaxConnections : ParseMaxConnections(maxConnections),
        };
    }

    /// <summary>A session limit above the superusers' reserved slots (PostgreSQL refuses to start otherwise).</summary>
    private static int ParseMaxConnections(string text)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 262143)
        {
            throw new FormatException($"invalid max connections \"{text}\"");
        }

        if (n <= DatabaseEngine.ReservedSuperuserConnections)
        {
            throw new FormatException($"max connections ({n}) must be more than the {DatabaseEngine.ReservedSuperuserConnections} reserved for superusers");
        }

        return n;
    }

    /// <summary>A transport name (threads or kestrel, any case); null or empty is the default.</summary>
    internal static ServerTransport ParseTransport(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" or "threads" => ServerTransport.Threads,
        "kestrel" => ServerTransport.Kestrel,
        _ => throw new FormatException($"invalid transport \"{text}\" (threads or kestrel)"),
    };

    private static IPAddress ParseAddress(string? text) => text switch
    {
        null or "" or "localhost" => IPAddress.Loopback,
        "*" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        _ => IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"invalid listen address \"{text}\""),
    };

    private static int ParsePort(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"invalid port \"{text}\"");

    private static AuthMethod ParseAuth(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" or "catalog" => AuthMethod.Catalog,
        "trust" => AuthMethod.Trust,
        "password" or "cleartext" => AuthMethod.Password,
        "md5" => AuthMethod.Md5,
        "scram" or "scram-sha-256" => AuthMethod.Scram,
        _ => throw new FormatException($"invalid authentication method \"{text}\" (catalog, trust, password, md5 or scram)"),
    };

    /// <summary>A byte count with an optional unit: B, kB/KB/KiB (1024), MB/MiB, GB/GiB — PostgreSQL's memory units are powers of 1024.</summary>
    public static int ParseSize(string text)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"invalid size \"{text}\"");
        }

        long multiplier = text[digits..].Trim().ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kb" or "kib" => 1L << 10,
            "m" or "mb" or "mib" => 1L << 20,
            "g" or "gb" or "gib" => 1L << 30,
            _ => throw new FormatException($"invalid size unit in \"{text}\""),
        };
        var bytes = number * multiplier;
        return bytes is >= 16 and <= int.MaxValue ? (int)bytes : throw new FormatException($"size \"{text}\" out of range (16 B to 2 GiB)");
    }

    /// <summary>Reads "name:password" lines; blank lines and lines starting with '#' are skipped.</summary>
    public static Dictionary<string, string> ReadUsersFile(string path)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"{path}:{lineNumber}: expected \"name:password\"");
            }

            users[trimmed[..colon]] = trimmed[(colon + 1)..];
        }

        return users;
    }
}
