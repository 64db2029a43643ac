using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// Base class of grains. The runtime constructs a grain through dependency injection inside its
/// activation; the constructor picks the activation context up from the catalog.
/// </summary>
public abstract class Grain
{
    protected Grain()
        : this(RuntimeContext.Activating ?? throw new InvalidOperationException("Grains are created by the runtime, inside an activation; use IGrainFactory.GetGrain."))
    {
    }

    protected Grain(IGrainContext grainContext)
    {
        ArgumentNullException.ThrowIfNull(grainContext);
        GrainContext = grainContext;
    }

    public IGrainContext GrainContext { get; }

    public GrainId GrainId => GrainContext.GrainId;

    protected IGrainFactory GrainFactory => GrainContext.ActivationServices.GetRequiredService<IGrainFactory>();

    public string GetPrimaryKeyString() => GrainContext.GrainId.Key;

    /// <summary>Runs after persistent state is loaded and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn. Dirty state is written by the runtime before this; do not rely on this for saving.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
        => GrainContext.RegisterTimer(callback, state, options);

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
        => GrainContext.RegisterTimer(static (cb, ct) => cb(ct), callback, options);

    protected Task<IGrainReminder> RegisterOrUpdateReminderAsync(string reminderName, TimeSpan dueTime, TimeSpan period)
        => Reminders.RegisterOrUpdateReminderAsync(GrainId, reminderName, dueTime, period);

    protected Task UnregisterReminderAsync(string reminderName)
        => Reminders.UnregisterReminderAsync(GrainId, reminderName);

    protected Task<IGrainReminder?> GetReminderAsync(string reminderName)
        => Reminders.GetReminderAsync(GrainId, reminderName);

    private IReminderRegistry Reminders => GrainContext.ActivationServices.GetRequiredService<IReminderRegistry>();
}
