using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Orleans.Runtime.GrainDirectory;

namespace SessionGrid.Grains.Hosting;

/// <summary>
/// The silo's cache of where grains live (Orleans' <see cref="IGrainDirectoryCache"/>), bounded, with an entry count
/// that costs nothing to read. Orleans' default LRU cache counts its entries by enumerating all of them, and its size
/// gauge is collected every second by the dashboard's meter provider: with a million sessions that is a million-entry
/// walk per second. It also sizes its table for the full capacity up front; this one grows with use.
/// </summary>
/// <remarks>
/// <para>
/// The cache is a hint: Orleans removes a wrong entry itself (a message rejected by the silo it named, a membership
/// change through <see cref="KeyValues"/>), so entries need no time to live.
/// </para>
/// <para>
/// Eviction: an add that takes the count past <see cref="Capacity"/> sweeps out about an eighth of the entries, chosen
/// by hash band: the grain ids fall into eight bands by a mix of their hash, and each sweep removes entries of the
/// next band in turn (going on to the band after it if one band is not enough). Every entry is as likely to go as
/// any other, whatever its place in the table, and an add costs amortised O(1): a sweep walks at most the whole
/// table once per band it needs, and the next sweep comes only after another eighth of the capacity has been added.
/// The sweep runs on the thread pool, not on the adding thread: at a million entries one takes 120-320 ms, which an
/// activation's registration must not wait for. One sweep runs at a time; meanwhile the count may stand above the
/// capacity by the adds made during the sweep.
/// </para>
/// <para>
/// Memory: the table is keyed by the cached <see cref="GrainAddress"/> itself, compared by grain id, and looked up
/// by <see cref="GrainId"/> through an alternate lookup, so an entry holds one reference and a version instead of a
/// second copy of the grain id.
/// </para>
/// <para>
/// Orleans' locator for grains kept in a pluggable grain directory (<c>CachedGrainLocator</c>) takes the registered
/// cache too, so both share this one; their entries are for different grains.
/// </para>
/// </remarks>
internal sealed class BoundedGrainDirectoryCache : IGrainDirectoryCache
{
    /// <summary>The number of hash bands; a sweep removes about one band's worth of entries.</summary>
    public const int Bands = 8;

    private const int BandShift = 32 - 3;
    private const uint HashMix = 0x9E3779B9;

    private readonly ConcurrentDictionary<GrainAddress, CachedAddress> _entries = new(ByGrainId.Instance);
    private readonly ConcurrentDictionary<GrainAddress, CachedAddress>.AlternateLookup<GrainId> _byGrainId;
    private readonly int _sweepTarget;
    private readonly bool _sweepOnCaller;
    private int _count;
    private long _evicted;
    private int _sweeping;
    private int _nextBand;

    /// <param name="capacity">The most entries kept; Orleans' <c>GrainDirectoryOptions.CacheSize</c>.</param>
    /// <param name="sweepOnCaller">Sweep on the adding thread instead of the thread pool (tests that count exactly).</param>
    public BoundedGrainDirectoryCache(int capacity, bool sweepOnCaller = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _sweepOnCaller = sweepOnCaller;
        _sweepTarget = capacity - Math.Max(1, capacity / Bands);
        _byGrainId = _entries.GetAlternateLookup<GrainId>();
    }

    public int Capacity { get; }

    /// <summary>Entries in the cache now; a field read.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Entries removed by sweeps because the cache was full, since start.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    public IEnumerable<(GrainAddress ActivationAddress, int Version)> KeyValues
    {
        get
        {
            foreach (var pair in _entries)
            {
                yield return (pair.Value.Address, pair.Value.Version);
            }
        }
    }

    public void AddOrUpdate(GrainAddress value, int version)
    {
        ArgumentNullException.ThrowIfNull(value);
        var entry = new CachedAddress(value, version, BandOf(value.GrainId));
        while (true)
        {
            // The key stays the first address cached for the grain; only the grain id of a key is ever read.
            if (_entries.TryGetValue(value, out var current))
            {
                if (_entries.TryUpdate(value, entry, current))
                {
                    return;
                }
            }
            else if (_entries.TryAdd(value, entry))
            {
                if (Interlocked.Increment(ref _count) > Capacity && Interlocked.CompareExchange(ref _sweeping, 1, 0) == 0)
                {
                    if (_sweepOnCaller)
                    {
                        Sweep();
                    }
                    else
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(static cache => cache.Sweep(), this, preferLocal: false);
                    }
                }

                return;
            }
        }
    }

    public bool Remove(GrainId key)
    {
        if (!_byGrainId.TryRemove(key, out _, out _))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Removes the grain's entry only if it names the same silo as <paramref name="key"/> (any activation).</summary>
    public bool Remove(GrainAddress key)
    {
        ArgumentNullException.ThrowIfNull(key);
        while (_byGrainId.TryGetValue(key.GrainId, out var cachedKey, out var current) && SameGrainAndSilo(current.Address, key))
        {
            if (TryRemoveExactly(cachedKey, current))
            {
                return true;
            }

            // The entry changed under us: look again.
        }

        return false;
    }

    /// <summary>Removes every entry, one by one, so that the count stays exact while others add.</summary>
    public void Clear()
    {
        foreach (var pair in _entries)
        {
            TryRemoveExactly(pair.Key, pair.Value);
        }
    }

    public bool LookUp(GrainId key, [NotNullWhen(true)] out GrainAddress? result, out int version)
    {
        if (_byGrainId.TryGetValue(key, out var entry))
        {
            result = entry.Address;
            version = entry.Version;
            return true;
        }

        result = null;
        version = 0;
        return false;
    }

    internal static int BandOf(GrainId id) => (int)(unchecked((uint)id.GetHashCode() * HashMix) >> BandShift);

    private static bool SameGrainAndSilo(GrainAddress cached, GrainAddress other)
        => cached.GrainId.Equals(other.GrainId) && Equals(cached.SiloAddress, other.SiloAddress);

    private bool TryRemoveExactly(GrainAddress key, CachedAddress entry)
    {
        if (!_entries.TryRemove(KeyValuePair.Create(key, entry)))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Evicts down to the sweep target; the caller has set <see cref="_sweeping"/>.</summary>
    private void Sweep()
    {
        try
        {
            for (var pass = 0; pass < Bands && Count > _sweepTarget; pass++)
            {
                var band = _nextBand;
                _nextBand = (band + 1) % Bands;
                foreach (var pair in _entries)
                {
                    // The band is read from the node itself: a sweep touches no address object it does not remove.
                    // Counted as evicted before the count drops, so that a reader who sees the lower count sees
                    // the eviction too: count + evicted never reads short.
                    if (pair.Value.Band == band && _entries.TryRemove(pair))
                    {
                        Interlocked.Increment(ref _evicted);
                        if (Interlocked.Decrement(ref _count) <= _sweepTarget)
                        {
                            break;
                        }
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>
    /// An address, its directory version and its grain's hash band (in what would be padding: the struct is 16 bytes
    /// either way); equal only to the very same address object and version.
    /// </summary>
    private readonly struct CachedAddress(GrainAddress address, int version, int band) : IEquatable<CachedAddress>
    {
        public GrainAddress Address { get; } = address;

        public int Version { get; } = version;

        public byte Band { get; } = (byte)band;

        public bool Equals(CachedAddress other) => ReferenceEquals(Address, other.Address) && Version == other.Version;

        public override bool Equals(object? obj) => obj is CachedAddress other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(Address.GrainId, Version);
    }

    /// <summary>Compares addresses by grain id only, and looks them up by a bare grain id.</summary>
    private sealed class ByGrainId : IEqualityComparer<GrainAddress>, IAlternateEqualityComparer<GrainId, GrainAddress>
    {
        public static readonly ByGrainId Instance = new();

        public bool Equals(GrainAddress? x, GrainAddress? y)
            => ReferenceEquals(x, y) || (x is not null && y is not null && x.GrainId.Equals(y.GrainId));

        public int GetHashCode(GrainAddress obj) => obj.GrainId.GetHashCode();

        public bool Equals(GrainId alternate, GrainAddress other) => other.GrainId.Equals(alternate);

        public int GetHashCode(GrainId alternate) => alternate.GetHashCode();

        // The cache never adds through the alternate lookup: an entry's key is always a real address.
        public GrainAddress Create(GrainId alternate)
            => throw new NotSupportedException("The directory cache adds entries by address, never by bare grain id.");
    }
}
