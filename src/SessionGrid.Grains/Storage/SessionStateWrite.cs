using Orleans.Storage;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// One row of an <see cref="ISessionStore.WriteBatchAsync"/> call: a copy of a session's state, the version
/// it expects to replace, and, once the store is done, either the new version or the error.
/// </summary>
public sealed class SessionStateWrite
{
    public SessionStateWrite(string sessionId, Sessions.SessionState snapshot, string? expectedETag)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(snapshot);
        SessionId = sessionId;
        Snapshot = snapshot;
        ExpectedETag = expectedETag;
    }

    public string SessionId { get; }

    /// <summary>A copy taken inside a turn of the session's activation; nobody else holds it.</summary>
    public Sessions.SessionState Snapshot { get; }

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
