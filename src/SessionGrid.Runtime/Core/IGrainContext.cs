using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Core;

/// <summary>The runtime's view of one activation, handed to everything that acts on it.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>The grain instance; null before construction and after a failed activation.</summary>
    object? GrainInstance { get; }

    IServiceProvider ActivationServices { get; }

    /// <summary>Queues <paramref name="item"/> to run as a turn after the items already queued.</summary>
    void ScheduleTurn(IGrainWorkItem item);

    /// <summary>Deactivate this activation once the current turn has finished.</summary>
    void DeactivateOnIdle();

    /// <summary>Deactivate this activation for <paramref name="reason"/> once the current turn has finished.</summary>
    void Deactivate(DeactivationReason reason);

    /// <summary>Adds a participant; call it while the grain is being constructed.</summary>
    void AddLifecycleParticipant(IActivationLifecycleParticipant participant);

    /// <summary>
    /// While set, idle collection skips this activation (for example while it holds a client connection).
    /// </summary>
    void SetKeepAlive(bool keepAlive);

    /// <summary>Creates a timer on the silo timing wheel whose callback runs as a turn of this activation.</summary>
    IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);
}
