namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>A counter tests can await reaching a value, instead of polling or sleeping.</summary>
internal sealed class AwaitableCounter
{
    private readonly object _lock = new();
    private readonly List<(int Target, TaskCompletionSource Done)> _waiters = [];
    private int _value;

    public int Value
    {
        get
        {
            lock (_lock)
            {
                return _value;
            }
        }
    }

    public void Add(int delta = 1)
    {
        lock (_lock)
        {
            _value += delta;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_value >= _waiters[i].Target)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Completes once the counter reached <paramref name="target"/>; fails the test after 10 seconds.</summary>
    public Task WhenAtLeastAsync(int target)
    {
        lock (_lock)
        {
            if (_value >= target)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
