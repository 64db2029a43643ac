using System.Collections.Concurrent;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>
/// An <see cref="ISessionConnection"/> observer that records what the grain sent it. The test holds the
/// recorder (Orleans keeps observers weakly); <see cref="Reference"/> is the grain-side handle.
/// </summary>
internal sealed class RecordingConnection(long id, string remoteEndpoint = "10.0.0.5:5000") : ISessionConnection
{
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly List<(Func<(SessionStatus Status, string Reason), bool> Match, TaskCompletionSource Seen)> _waiters = [];
    private ISessionConnection? _reference;

    public long ConnectionId => id;

    public string RemoteEndpoint => remoteEndpoint;

    public ConcurrentQueue<(SessionStatus Status, string Reason)> States { get; } = new();

    /// <summary>Runs when a state frame arrives, before it is recorded (to look at the world at that moment).</summary>
    public Func<SessionStatus, Task>? OnStateAsync { get; init; }

    /// <summary>Completes with the close reason when the grain kicks this connection.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>The observer reference the grain keeps; created once per recorder.</summary>
    public ISessionConnection Reference(IGrainFactory grains)
    {
        lock (_gate)
        {
            return _reference ??= grains.CreateObjectReference<ISessionConnection>(this);
        }
    }

    /// <summary>Completes when a state frame matching <paramref name="match"/> has arrived (already, or later).</summary>
    public Task StateAsync(Func<(SessionStatus Status, string Reason), bool> match)
    {
        lock (_gate)
        {
            if (States.Any(match))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, seen));
            return seen.Task;
        }
    }

    public async Task SendStateAsync(SessionStatus status, string reason)
    {
        if (OnStateAsync is { } probe)
        {
            await probe(status);
        }

        lock (_gate)
        {
            States.Enqueue((status, reason));
            foreach (var waiter in _waiters.Where(w => w.Match((status, reason))).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }
    }

    public Task CloseAsync(string reason)
    {
        _closed.TrySetResult(reason);
        return Task.CompletedTask;
    }
}
