using System.Net;
using OmenDb.Server;
using OmenDb.Wire.Startup;

namespace OmenDb.Wire.Tests.Server;

/// <summary>The omendb executable's options and environment variables.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Defaults()
    {
        var options = CommandLine.Parse([], _ => null, out var help);
        Assert.False(help);
        Assert.Equal(IPAddress.Loopback, options.ListenAddress);
        Assert.Equal(5433, options.Port);
        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(AuthMethod.Catalog, options.Authentication);
        Assert.Equal(1 << 30, options.MaxMessageSize);
        Assert.False(options.InMemory);
    }

    [Fact]
    public void OptionsOverrideEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["OMENDB_LISTEN"] = "0.0.0.0",
            ["OMENDB_PORT"] = "6000",
            ["OMENDB_DATA"] = "/tmp/x",
            ["OMENDB_AUTH"] = "md5",
            ["OMENDB_PASSWORD"] = "pw",
        };
        var options = CommandLine.Parse(["--port", "7000", "--auth=scram", "--in-memory", "--max-message-size", "1MiB"],
            environment.GetValueOrDefault, out _);
        Assert.Equal(IPAddress.Any, options.ListenAddress);
        Assert.Equal(7000, options.Port);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(AuthMethod.Scram, options.Authentication);
        Assert.Equal("pw", options.SuperuserPassword);
        Assert.Equal(1 << 20, options.MaxMessageSize);
        Assert.True(options.InMemory);
    }

    [Fact]
    public void UsersFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# comment", "", "alice:a:b", "postgres:pw"]);
            var options = CommandLine.Parse(["--users", path], _ => null, out _);
            Assert.Equal("a:b", options.Users!["alice"]);
            Assert.Equal("pw", options.Users["postgres"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--port", "x")]
    [InlineData("--auth", "ldap")]
    [InlineData("--bogus", "1")]
    [InlineData("--max-message-size", "12XB")]
    public void BadInput_Throws(string option, string value)
        => Assert.Throws<FormatException>(() => CommandLine.Parse([option, value], _ => null, out _));
}
