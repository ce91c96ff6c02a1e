namespace OmenDb.Regress.Tests;

/// <summary>
/// One OmenDb server per test class (xUnit class fixture), started before the first script and stopped after the
/// last. Start-up failures are kept and reported by every test instead of failing the whole class obscurely.
/// </summary>
public class RegressServerFixture : IAsyncLifetime
{
    private readonly bool _isolated;
    private OmenDbHost? _host;

    /// <summary>An in-process server (the default for the gate).</summary>
    public RegressServerFixture()
        : this(isolated: false)
    {
    }

    /// <summary>A server in-process, or in a child process when <paramref name="isolated"/>.</summary>
    protected RegressServerFixture(bool isolated)
    {
        _isolated = isolated;
    }

    /// <summary>The running server; throws the start-up failure if there is none.</summary>
    public OmenDbHost Host => _host ?? throw new InvalidOperationException("the OmenDb server did not start", StartError);

    /// <summary>Why the server could not be started, if it could not.</summary>
    public Exception? StartError { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            _host = await OmenDbHost.StartAsync(_isolated);
        }
        catch (Exception ex)
        {
            // Kept and rethrown (as the inner exception) by every test that needs the server.
            StartError = ex;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>
/// A server in a child process, for the whole-schedule report: a crash inside the engine then fails the remaining
/// scripts instead of aborting the test run.
/// </summary>
public sealed class IsolatedServerFixture : RegressServerFixture
{
    /// <summary>Created by xUnit.</summary>
    public IsolatedServerFixture()
        : base(isolated: true)
    {
    }
}
