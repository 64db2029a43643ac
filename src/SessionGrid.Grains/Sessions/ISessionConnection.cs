using Orleans.Concurrency;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// The client connection a session grain holds: an observer the gateway creates per connection, so the
/// grain can push frames and kick its client from any silo. Calls are one-way: a grain never waits for
/// a socket.
/// </summary>
[Alias("SessionGrid.ISessionConnection")]
public interface ISessionConnection : IGrainObserver
{
    /// <summary>Sends a <c>state</c> frame.</summary>
    [OneWay]
    [Alias("SendState")]
    Task SendStateAsync(SessionStatus status, string reason);

    /// <summary>Sends a <c>close</c> frame with <paramref name="reason"/>, then closes the socket (the kick).</summary>
    [OneWay]
    [Alias("Close")]
    Task CloseAsync(string reason);
}
