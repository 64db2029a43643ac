using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionGrid.Runtime.Tests.Core;

/// <summary>Keeps every log entry so tests can assert on event ids and wait for one.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly object _lock = new();
    private readonly List<(int EventId, TaskCompletionSource<LogEntry> Signal)> _waiters = [];

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public IReadOnlyList<LogEntry> WithEventId(int eventId) => [.. _entries.Where(e => e.EventId == eventId)];

    public Task<LogEntry> WaitForAsync(int eventId)
    {
        lock (_lock)
        {
            if (_entries.FirstOrDefault(e => e.EventId == eventId) is { } existing)
            {
                return Task.FromResult(existing);
            }

            var signal = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, signal));
            return signal.Task.WaitAsync(TestTimeouts.Default);
        }
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        List<TaskCompletionSource<LogEntry>>? signals = null;
        lock (_lock)
        {
            _entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].EventId == entry.EventId)
                {
                    (signals ??= []).Add(_waiters[i].Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        signals?.ForEach(s => s.TrySetResult(entry));
    }

    public sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
