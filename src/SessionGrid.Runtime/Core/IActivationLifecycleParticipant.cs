namespace SessionGrid.Runtime.Core;

/// <summary>
/// Something attached to an activation that must act when it starts and stops (persistent state
/// loads on activation and writes on deactivation).
/// </summary>
public interface IActivationLifecycleParticipant
{
    /// <summary>Runs before <see cref="Grain.OnActivateAsync"/>. A throw fails the activation, which is then never exposed.</summary>
    Task OnActivatingAsync(CancellationToken cancellationToken);

    /// <summary>Runs before <see cref="Grain.OnDeactivateAsync"/>, still inside the activation's last turn.</summary>
    Task OnDeactivatingAsync(DeactivationReason reason, CancellationToken cancellationToken);
}
