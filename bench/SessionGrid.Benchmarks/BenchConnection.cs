using SessionGrid.Grains.Sessions;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The gateway's side of one connection, minus the socket: an observer whose frames go nowhere, and
/// the reference to it that the session grain holds. The benchmarks measure the grain side; the real
/// connection's cost is measured end to end (bench/e2e.sh).
/// </summary>
/// <remarks>
/// Orleans holds a local observer weakly: whoever made the connection keeps it alive (it keeps its
/// reference alive in turn) for as long as the session is to reach it.
/// </remarks>
internal sealed class BenchConnection : ISessionConnection
{
    private BenchConnection(long connectionId, string remoteEndpoint)
    {
        ConnectionId = connectionId;
        RemoteEndpoint = remoteEndpoint;
    }

    public long ConnectionId { get; }

    public string RemoteEndpoint { get; }

    /// <summary>What the grain holds: a reference to this observer, as the gateway makes one per connection.</summary>
    public ISessionConnection Reference { get; private set; } = null!;

    public static BenchConnection Create(IGrainFactory grains, long connectionId, string remoteEndpoint)
    {
        var connection = new BenchConnection(connectionId, remoteEndpoint);
        connection.Reference = grains.CreateObjectReference<ISessionConnection>(connection);
        return connection;
    }

    public AttachRequest Attach() => new(Reference, ConnectionId, RemoteEndpoint, RequestedIntervalSeconds: null);

    public Task SendStateAsync(SessionStatus status, string reason) => Task.CompletedTask;

    public Task CloseAsync(string reason) => Task.CompletedTask;
}
