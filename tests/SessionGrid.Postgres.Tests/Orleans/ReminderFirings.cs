using System.Collections.Concurrent;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>
/// A silo singleton the probe grain reports its reminder ticks to, so a test awaits the tick itself
/// instead of polling. Each silo host has its own: a tick seen here happened in that silo.
/// </summary>
public sealed class ReminderFirings
{
    private readonly ConcurrentDictionary<(string Grain, string Reminder), TaskCompletionSource> _first = new();

    public void Record(string grainKey, string reminderName) => Get(grainKey, reminderName).TrySetResult();

    /// <summary>Completes at the first tick of that grain's reminder in this silo (at once if it already came).</summary>
    public Task FiredAsync(string grainKey, string reminderName) => Get(grainKey, reminderName).Task;

    private TaskCompletionSource Get(string grainKey, string reminderName)
        => _first.GetOrAdd((grainKey, reminderName), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
