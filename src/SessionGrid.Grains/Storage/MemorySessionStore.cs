using System.Globalization;
using Orleans.Storage;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// The embedded default's session rows: the same versioned, conditional semantics as the database, in a
/// dictionary. Stored states are private copies that are never mutated, so listing can hand them out.
/// </summary>
public sealed class MemorySessionStore : ISessionStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);

    /// <summary>A write is a copy in memory: no batch to wait for.</summary>
    public bool BatchesWriteBehind => false;

    /// <summary>Batches written (each is one "round trip" of this store).</summary>
    public long Batches { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public Task<StoredSession?> ReadAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Row? row;
        lock (_lock)
        {
            _rows.TryGetValue(sessionId, out row);
        }

        // The caller mutates what it reads: hand out a copy, keep the stored one untouched.
        return Task.FromResult(row is null ? null : new StoredSession(row.State.Copy(), FormatETag(row.Version)));
    }

    public Task WriteBatchAsync(IReadOnlyList<SessionStateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            Batches++;
            foreach (var write in writes)
            {
                _rows.TryGetValue(write.SessionId, out var stored);
                if (!Matches(stored, write.ExpectedETag))
                {
                    write.SetError(Conflict(write.SessionId, write.ExpectedETag, stored));
                    continue;
                }

                var version = (stored?.Version ?? 0) + 1;
                _rows[write.SessionId] = new Row(write.Snapshot, version);
                write.SetResult(FormatETag(version));
            }
        }

        return Task.CompletedTask;
    }

    public Task ClearAsync(string sessionId, string? expectedETag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _rows.TryGetValue(sessionId, out var stored);
            if (!Matches(stored, expectedETag))
            {
                throw Conflict(sessionId, expectedETag, stored);
            }

            _rows.Remove(sessionId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Every stored session, for listing. The states are the stored copies themselves: treat them as immutable.</summary>
    public IReadOnlyList<SessionState> Snapshot()
    {
        lock (_lock)
        {
            var result = new SessionState[_rows.Count];
            var i = 0;
            foreach (var row in _rows.Values)
            {
                result[i++] = row.State;
            }

            return result;
        }
    }

    private static bool Matches(Row? stored, string? expectedETag)
        => stored is null
            ? expectedETag is null
            : long.TryParse(expectedETag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected) && expected == stored.Version;

    private static InconsistentStateException Conflict(string sessionId, string? expectedETag, Row? stored)
    {
        var storedETag = stored is null ? null : FormatETag(stored.Version);
        return new InconsistentStateException(
            $"Session {sessionId}: expected version {expectedETag ?? "(none)"}, stored version is {storedETag ?? "(none)"}.",
            storedETag,
            expectedETag);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(SessionState State, long Version);
}
