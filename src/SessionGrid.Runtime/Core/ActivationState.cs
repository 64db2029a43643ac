namespace SessionGrid.Runtime.Core;

/// <summary>Where an activation is in its life. It only ever moves forward.</summary>
internal enum ActivationState
{
    /// <summary>In the catalog, the grain not constructed yet; calls already queue.</summary>
    Creating,

    /// <summary>The first turn: constructing the grain, loading state, OnActivateAsync.</summary>
    Activating,

    /// <summary>Running calls.</summary>
    Valid,

    /// <summary>The last turn: writing state, OnDeactivateAsync. Calls queue behind it and are forwarded.</summary>
    Deactivating,

    /// <summary>Out of the catalog; anything scheduled on it is dropped (calls forward themselves).</summary>
    Invalid,
}
