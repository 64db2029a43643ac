using SessionGrid.Grains.Sessions;

namespace SessionGrid.Benchmarks;

/// <summary>
/// The connection a session grain holds, minus the socket: frames the grain pushes go nowhere. The
/// benchmarks measure the grain side; the real connection's cost is measured end to end (bench/e2e.sh).
/// </summary>
internal sealed class BenchConnection(long connectionId, string remoteEndpoint) : ISessionConnection
{
    public long ConnectionId => connectionId;

    public string RemoteEndpoint => remoteEndpoint;

    public void SendState(SessionStatus status, string reason)
    {
    }

    public void Close(string reason)
    {
    }
}
