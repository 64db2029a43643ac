using Orleans.Storage;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// Where session rows live (in memory, or the typed <c>sessions</c> table). The ETag is the row's integer
/// version as a string ("1", "2", ...). Called only by <see cref="SessionGrainStorage"/>, which never has
/// two writes of one session in flight, so a store needs no locking beyond its conditional update.
/// </summary>
public interface ISessionStore
{
    /// <summary>
    /// True when a round trip costs far more than a row (a database): the "sessions" provider then holds
    /// write-behind rows up to <see cref="PersistenceOptions.WriteBehindWindow"/> so that many sessions'
    /// heartbeats share a batch. False when a write is a copy in memory: every batch goes at once.
    /// </summary>
    bool BatchesWriteBehind { get; }

    /// <summary>The stored row, or null.</summary>
    Task<StoredSession?> ReadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes every entry in one round trip. Each entry succeeds or fails on its own: the store calls
    /// <see cref="SessionStateWrite.SetResult"/> or <see cref="SessionStateWrite.SetError"/> on every entry
    /// (an <see cref="InconsistentStateException"/> for a version conflict). Throwing instead means the
    /// whole batch failed transiently and every entry is retried. The snapshots belong to the store from
    /// this call on, so it may keep them without copying.
    /// </summary>
    Task WriteBatchAsync(IReadOnlyList<SessionStateWrite> writes, CancellationToken cancellationToken);

    /// <summary>Deletes the row if its version equals <paramref name="expectedETag"/>; a missing row with a null ETag succeeds.</summary>
    /// <exception cref="InconsistentStateException">The stored version is another one.</exception>
    Task ClearAsync(string sessionId, string? expectedETag, CancellationToken cancellationToken);
}

/// <summary>A session row as read: its state and version.</summary>
public sealed record StoredSession(SessionState State, string ETag);
