using System.Collections.Concurrent;

namespace SessionGrid.Runtime.Tests.Core;

/// <summary>
/// Shared by the test grains and the test: an ordered event log with awaitable events, named gates
/// a grain can wait on, and failure switches ("fail the next activation of key x").
/// </summary>
public sealed class GrainProbe
{
    private readonly object _lock = new();
    private readonly List<string> _events = [];
    private readonly List<(string Event, int Count, TaskCompletionSource Signal)> _waiters = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentBag<Task> _kept = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void Record(string name)
    {
        List<TaskCompletionSource>? signals = null;
        lock (_lock)
        {
            _events.Add(name);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Event == name && _events.Count(e => e == name) >= _waiters[i].Count)
                {
                    (signals ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        signals?.ForEach(s => s.TrySetResult());
    }

    public int Count(string name)
    {
        lock (_lock)
        {
            return _events.Count(e => e == name);
        }
    }

    public int CountPrefix(string prefix)
    {
        lock (_lock)
        {
            return _events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    /// <summary>Completes once <paramref name="name"/> has been recorded (now or later); fails the test after the default timeout.</summary>
    public Task WaitForAsync(string name) => WaitForCountAsync(name, 1);

    /// <summary>Completes once <paramref name="name"/> has been recorded <paramref name="count"/> times.</summary>
    public Task WaitForCountAsync(string name, int count)
    {
        lock (_lock)
        {
            if (_events.Count(e => e == name) >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((name, count, signal));
            return signal.Task.WaitAsync(TestTimeouts.Default);
        }
    }

    /// <summary>A gate the grain awaits at the named point until the test opens it.</summary>
    public TaskCompletionSource Gate(string name) => _gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>What a grain awaits at a named point: the gate if a test closed one there, else nothing.</summary>
    public Task PassAsync(string name) => _gates.TryGetValue(name, out var gate) ? gate.Task : Task.CompletedTask;

    public void FailNext(string point, int times = 1) => _failures[point] = times;

    public bool ShouldFail(string point)
    {
        while (_failures.TryGetValue(point, out var left) && left > 0)
        {
            if (_failures.TryUpdate(point, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Keeps a task a grain started without awaiting, so the test can await it.</summary>
    public void Keep(Task task) => _kept.Add(task);

    public Task WhenKeptAsync() => Task.WhenAll(_kept).WaitAsync(TestTimeouts.Default);
}
