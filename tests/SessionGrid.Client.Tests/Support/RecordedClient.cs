namespace SessionGrid.Client.Tests.Support;

/// <summary>A client with its event recorder, for tests that start one and wait for the server's welcome.</summary>
public sealed class RecordedClient : IAsyncDisposable
{
    private RecordedClient(SessionGridClientOptions options)
    {
        Options = options;
        Client = new SessionGridClient(options);
        Events = new ClientRecorder(Client);
    }

    public SessionGridClientOptions Options { get; }

    public SessionGridClient Client { get; }

    public ClientRecorder Events { get; }

    public string SessionId => Options.SessionId!;

    /// <summary>Starts a client and waits until the server has welcomed it.</summary>
    public static async Task<RecordedClient> StartWelcomedAsync(SessionGridClientOptions options)
    {
        var recorded = new RecordedClient(options);
        try
        {
            await recorded.Client.StartAsync();
            await recorded.Events.WaitForAsync<WelcomeEventArgs>();
            return recorded;
        }
        catch
        {
            await recorded.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
