using SessionGrid.Grains.Deadlines;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Deadlines;

/// <summary>Stands in for a session grain: records each deadline delivered, with the session time it came.</summary>
internal sealed class RecordingDeadlineTarget(ManualTimeProvider time) : ISessionDeadlineTarget
{
    private readonly List<(DeadlineKind Kind, DateTimeOffset At)> _calls = [];

    /// <summary>Set to make deliveries fail (a grain call that faulted).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<(DeadlineKind Kind, DateTimeOffset At)> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public Task OnDeadlineAsync(DeadlineKind kind)
    {
        lock (_calls)
        {
            _calls.Add((kind, time.GetUtcNow()));
        }

        return Failure is null ? Task.CompletedTask : Task.FromException(Failure);
    }
}
