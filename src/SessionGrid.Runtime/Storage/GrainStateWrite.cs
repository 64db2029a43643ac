using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// One row of an <see cref="IGrainStorage.WriteBatchAsync"/> call: a snapshot of a state, the version it
/// expects to replace, and, once the provider is done, either the new version or the error.
/// </summary>
public sealed class GrainStateWrite
{
    public GrainStateWrite(string stateName, GrainId grainId, Type stateType, object snapshot, string? expectedETag)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(stateType);
        ArgumentNullException.ThrowIfNull(snapshot);
        StateName = stateName;
        GrainId = grainId;
        StateType = stateType;
        Snapshot = snapshot;
        ExpectedETag = expectedETag;
    }

    public string StateName { get; }

    public GrainId GrainId { get; }

    /// <summary>The declared state type, the one to serialize <see cref="Snapshot"/> as.</summary>
    public Type StateType { get; }

    /// <summary>A deep copy of the state taken inside a turn of its activation; nobody else holds it.</summary>
    public object Snapshot { get; }

    /// <summary>The version the write expects in storage; null when it expects no record.</summary>
    public string? ExpectedETag { get; }

    /// <summary>The version written; null until the write succeeded.</summary>
    public string? NewETag { get; private set; }

    /// <summary>Why this row was not written; an <see cref="InconsistentStateException"/> for a conflict.</summary>
    public Exception? Error { get; private set; }

    public void SetResult(string newETag)
    {
        ArgumentException.ThrowIfNullOrEmpty(newETag);
        NewETag = newETag;
        Error = null;
    }

    public void SetError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        NewETag = null;
    }
}
