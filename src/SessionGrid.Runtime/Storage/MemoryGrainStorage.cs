using System.Globalization;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// The embedded default <see cref="IGrainStorage"/>: keeps an immutable deep copy and an integer version
/// per (state name, grain id), with the same conditional-write rules as a database provider.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Dictionary<GrainId, StoredState>> _states = new(StringComparer.Ordinal);
    private readonly GrainStateCopier _copier;

    public MemoryGrainStorage(IOptions<GrainStateSerializerOptions> serializerOptions)
    {
        ArgumentNullException.ThrowIfNull(serializerOptions);
        _copier = new GrainStateCopier(serializerOptions);
    }

    public MemoryGrainStorage()
        : this(Options.Create(new GrainStateSerializerOptions()))
    {
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        StoredState? stored;
        lock (_lock)
        {
            stored = Find(stateName, grainId);
        }

        if (stored is null)
        {
            grainState.State = new TState();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            // Stored copies are never mutated, so copying outside the lock is safe.
            grainState.State = (TState)_copier.Copy(stored.State, typeof(TState));
            grainState.ETag = FormatETag(stored.Version);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        var copy = _copier.Copy(grainState.State, typeof(TState));
        string newETag;
        lock (_lock)
        {
            newETag = Write(stateName, grainId, copy, grainState.ETag, out var conflict)
                ?? throw conflict!;
        }

        grainState.ETag = newETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : class, new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var stored = Find(stateName, grainId);
            if (!Matches(stored, grainState.ETag))
            {
                throw Conflict(stateName, grainId, grainState.ETag, stored);
            }

            if (stored is not null)
            {
                _states[stateName].Remove(grainId);
            }
        }

        grainState.State = new TState();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public Task WriteBatchAsync(IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var write in writes)
            {
                // The snapshot is already a private deep copy handed over to us: store it as is.
                var newETag = Write(write.StateName, write.GrainId, write.Snapshot, write.ExpectedETag, out var conflict);
                if (newETag is null)
                {
                    write.SetError(conflict!);
                }
                else
                {
                    write.SetResult(newETag);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The stored states of <paramref name="stateName"/>, for listing (the embedded silo's session list).
    /// The values are the stored copies themselves: treat them as immutable.
    /// </summary>
    public IReadOnlyList<KeyValuePair<GrainId, object>> Snapshot(string stateName)
    {
        lock (_lock)
        {
            if (!_states.TryGetValue(stateName, out var byGrain))
            {
                return [];
            }

            var result = new KeyValuePair<GrainId, object>[byGrain.Count];
            var i = 0;
            foreach (var (grainId, stored) in byGrain)
            {
                result[i++] = new(grainId, stored.State);
            }

            return result;
        }
    }

    /// <summary>Number of stored records of <paramref name="stateName"/>.</summary>
    public int Count(string stateName)
    {
        lock (_lock)
        {
            return _states.TryGetValue(stateName, out var byGrain) ? byGrain.Count : 0;
        }
    }

    // Called under the lock. Returns the new ETag, or null with the conflict to report.
    private string? Write(string stateName, GrainId grainId, object state, string? expectedETag, out InconsistentStateException? conflict)
    {
        if (!_states.TryGetValue(stateName, out var byGrain))
        {
            byGrain = [];
            _states.Add(stateName, byGrain);
        }

        byGrain.TryGetValue(grainId, out var stored);
        if (!Matches(stored, expectedETag))
        {
            conflict = Conflict(stateName, grainId, expectedETag, stored);
            return null;
        }

        var version = (stored?.Version ?? 0) + 1;
        byGrain[grainId] = new StoredState(state, version);
        conflict = null;
        return FormatETag(version);
    }

    private StoredState? Find(string stateName, GrainId grainId)
        => _states.TryGetValue(stateName, out var byGrain) && byGrain.TryGetValue(grainId, out var stored) ? stored : null;

    private static bool Matches(StoredState? stored, string? expectedETag)
    {
        if (stored is null)
        {
            return expectedETag is null;
        }

        return long.TryParse(expectedETag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected) && expected == stored.Version;
    }

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, string? expectedETag, StoredState? stored)
    {
        var storedETag = stored is null ? null : FormatETag(stored.Version);
        return new InconsistentStateException(
            $"State '{stateName}' of {grainId}: expected version {expectedETag ?? "(none)"}, stored version is {storedETag ?? "(none)"}.",
            storedETag,
            expectedETag);
    }

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed record StoredState(object State, long Version);
}
