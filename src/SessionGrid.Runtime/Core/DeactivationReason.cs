namespace SessionGrid.Runtime.Core;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>No calls, no keep-alive and no pending timer for <c>CollectionAge</c>.</summary>
    IdleCollection,

    /// <summary>The grain asked for it with <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A write was fenced out: another activation owns this grain now.</summary>
    StateConflict,
}
