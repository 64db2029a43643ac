using System.Collections.Concurrent;

namespace SessionGrid.Gateway.Connections;

/// <summary>The open client connections of this silo, so shutdown can say goodbye to each.</summary>
internal sealed class GatewayConnectionRegistry
{
    private readonly ConcurrentDictionary<long, GatewayConnection> _connections = new();

    public int Count => _connections.Count;

    public void Add(GatewayConnection connection) => _connections[connection.ConnectionId] = connection;

    public void Remove(GatewayConnection connection) => _connections.TryRemove(connection.ConnectionId, out _);

    /// <summary>Sends <c>close</c> with <paramref name="reason"/> to every connection and closes it.</summary>
    public int CloseAll(string reason)
    {
        var closed = 0;
        foreach (var connection in _connections.Values)
        {
            connection.Close(reason);
            closed++;
        }

        return closed;
    }
}
