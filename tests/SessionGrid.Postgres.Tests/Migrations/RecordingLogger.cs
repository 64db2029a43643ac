using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionGrid.Postgres.Tests.Migrations;

/// <summary>A logger that keeps every entry, so tests can assert on event ids.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyCollection<(EventId Id, LogLevel Level, string Message)> Entries => _entries;

    public bool Has(int eventId) => _entries.Any(e => e.Id.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((eventId, logLevel, formatter(state, exception)));
}
