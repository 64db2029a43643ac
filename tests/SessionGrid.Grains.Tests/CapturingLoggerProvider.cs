using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionGrid.Grains.Tests;

/// <summary>Keeps the last log lines in memory so a failing test can say what the runtime did.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private const int Capacity = 400;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string Tail(int count) => string.Join(Environment.NewLine, _lines.TakeLast(count));

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Capacity && _lines.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Add($"{logLevel} {category.Split('.')[^1]}[{eventId.Id}] {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}");
    }
}
