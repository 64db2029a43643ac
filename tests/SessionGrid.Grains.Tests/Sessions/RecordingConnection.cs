using System.Collections.Concurrent;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>An <see cref="ISessionConnection"/> that records what the grain sent it.</summary>
internal sealed class RecordingConnection(long id, string remoteEndpoint = "10.0.0.5:5000") : ISessionConnection
{
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long ConnectionId => id;

    public string RemoteEndpoint => remoteEndpoint;

    public ConcurrentQueue<(SessionStatus Status, string Reason)> States { get; } = new();

    /// <summary>Completes with the close reason when the grain kicks this connection.</summary>
    public Task<string> Closed => _closed.Task;

    public void SendState(SessionStatus status, string reason) => States.Enqueue((status, reason));

    public void Close(string reason) => _closed.TrySetResult(reason);
}
