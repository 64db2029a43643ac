using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

/// <summary>A lifecycle participant that records when it runs and can be told to fail.</summary>
public sealed class ProbeParticipant(GrainProbe probe, string key) : IActivationLifecycleParticipant
{
    public Task OnActivatingAsync(CancellationToken cancellationToken)
    {
        probe.Record($"participant-activating:{key}");
        return probe.ShouldFail($"participant:{key}")
            ? Task.FromException(new InvalidOperationException($"Participant of {key} failed on purpose."))
            : Task.CompletedTask;
    }

    public Task OnDeactivatingAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"participant-deactivating:{key}:{reason}");
        return Task.CompletedTask;
    }
}
