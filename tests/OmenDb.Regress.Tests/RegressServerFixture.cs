namespace OmenDb.Regress.Tests;

/// <summary>
/// One OmenDb server per test class (xUnit class fixture), started before the first script and stopped after the
/// last. Start-up failures are kept and reported by every test instead of failing the whole class obscurely.
/// </summary>
public sealed class RegressServerFixture : IAsyncLifetime
{
    private OmenDbHost? _host;

    /// <summary>The running server; throws the start-up failure if there is none.</summary>
    public OmenDbHost Host => _host ?? throw new InvalidOperationException("the OmenDb server did not start", StartError);

    /// <summary>Why the server could not be started, if it could not.</summary>
    public Exception? StartError { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            _host = await OmenDbHost.StartAsync();
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
