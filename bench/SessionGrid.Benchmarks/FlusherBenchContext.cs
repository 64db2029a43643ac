using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Benchmarks;

/// <summary>An activation stand-in that runs snapshot turns inline, so the benchmark measures the flusher alone.</summary>
internal sealed class FlusherBenchContext(string key) : IGrainContext
{
    public GrainId GrainId { get; } = new("bench", key);

    public object? GrainInstance => null;

    public IServiceProvider ActivationServices => throw new NotSupportedException();

    public void ScheduleTurn(IGrainWorkItem item) => item.ExecuteAsync(this).GetAwaiter().GetResult();

    public void DeactivateOnIdle()
    {
    }

    public void Deactivate(DeactivationReason reason)
    {
    }

    public void AddLifecycleParticipant(IActivationLifecycleParticipant participant)
    {
    }

    public void SetKeepAlive(bool keepAlive)
    {
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
        => throw new NotSupportedException();
}
