using Orleans.Concurrency;

namespace SessionGrid.Grains.Deadlines;

/// <summary>How the deadline wheel reaches a session grain: one one-way call per deadline that came due.</summary>
[Alias("SessionGrid.ISessionDeadlineTarget")]
public interface ISessionDeadlineTarget : IGrainWithStringKey
{
    [OneWay]
    [Alias("OnDeadline")]
    Task OnDeadlineAsync(DeadlineKind kind);
}
