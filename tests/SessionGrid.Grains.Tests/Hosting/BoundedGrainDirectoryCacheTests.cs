using System.Net;
using SessionGrid.Grains.Hosting;
using SessionGrid.TestKit;

namespace SessionGrid.Grains.Tests.Hosting;

public sealed class BoundedGrainDirectoryCacheTests
{
    private static readonly SiloAddress SiloA = SiloAddress.New(IPAddress.Loopback, 11111, 1);
    private static readonly SiloAddress SiloB = SiloAddress.New(IPAddress.Loopback, 11112, 1);

    private static GrainId Grain(int n) => GrainId.Create("session", "s" + n);

    private static GrainAddress Address(int n, SiloAddress? silo = null)
        => new() { GrainId = Grain(n), ActivationId = ActivationId.NewId(), SiloAddress = silo ?? SiloA };

    [Fact]
    public void Constructor_CapacityBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedGrainDirectoryCache(0));
    }

    [Fact]
    public void AddOrUpdate_NullAddress_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new BoundedGrainDirectoryCache(10).AddOrUpdate(null!, 1));
    }

    [Fact]
    public void LookUp_AfterAdd_ReturnsAddressAndVersion()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        var address = Address(1);

        cache.AddOrUpdate(address, 7);

        Assert.True(cache.LookUp(Grain(1), out var found, out var version));
        Assert.Same(address, found);
        Assert.Equal(7, version);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void LookUp_UnknownGrain_ReturnsFalse()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        cache.AddOrUpdate(Address(1), 1);

        Assert.False(cache.LookUp(Grain(2), out var found, out _));
        Assert.Null(found);
    }

    [Fact]
    public void AddOrUpdate_SameGrain_ReplacesAddressAndVersion()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        cache.AddOrUpdate(Address(1), 1);
        var moved = Address(1, SiloB);

        cache.AddOrUpdate(moved, 2);

        Assert.True(cache.LookUp(Grain(1), out var found, out var version));
        Assert.Same(moved, found);
        Assert.Equal(2, version);
        Assert.Equal(1, cache.Count);
        Assert.Equal([(moved, 2)], cache.KeyValues);
    }

    [Fact]
    public void RemoveById_PresentThenAbsent_RemovesOnce()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        cache.AddOrUpdate(Address(1), 1);
        cache.AddOrUpdate(Address(2), 1);

        Assert.True(cache.Remove(Grain(1)));
        Assert.False(cache.Remove(Grain(1)));

        Assert.False(cache.LookUp(Grain(1), out _, out _));
        Assert.True(cache.LookUp(Grain(2), out _, out _));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void RemoveByAddress_SameGrainAndSiloOtherActivation_Removes()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        cache.AddOrUpdate(Address(1, SiloA), 1);

        // Orleans removes by the address a rejected message named: the activation id may differ, the silo may not.
        Assert.True(cache.Remove(Address(1, SiloA)));

        Assert.False(cache.LookUp(Grain(1), out _, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void RemoveByAddress_OtherSilo_KeepsEntry()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        var cached = Address(1, SiloA);
        cache.AddOrUpdate(cached, 1);

        Assert.False(cache.Remove(Address(1, SiloB)));

        Assert.True(cache.LookUp(Grain(1), out var found, out _));
        Assert.Same(cached, found);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void RemoveByAddress_OtherGrainSameSilo_KeepsEntry()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        cache.AddOrUpdate(Address(1, SiloA), 1);

        Assert.False(cache.Remove(Address(2, SiloA)));

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void RemoveByAddress_AfterUpdateToAnotherSilo_MatchesTheNewSiloOnly()
    {
        var cache = new BoundedGrainDirectoryCache(10);
        cache.AddOrUpdate(Address(1, SiloA), 1);
        cache.AddOrUpdate(Address(1, SiloB), 2);

        Assert.False(cache.Remove(Address(1, SiloA)));
        Assert.True(cache.Remove(Address(1, SiloB)));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Clear_RemovesEveryEntry()
    {
        var cache = new BoundedGrainDirectoryCache(100);
        for (var n = 0; n < 50; n++)
        {
            cache.AddOrUpdate(Address(n), n);
        }

        cache.Clear();

        Assert.Equal(0, cache.Count);
        Assert.Empty(cache.KeyValues);
        Assert.False(cache.LookUp(Grain(3), out _, out _));
    }

    [Fact]
    public void KeyValues_ReturnsEveryEntryWithItsVersion()
    {
        var cache = new BoundedGrainDirectoryCache(100);
        var addresses = Enumerable.Range(0, 20).Select(n => Address(n)).ToArray();
        foreach (var address in addresses)
        {
            cache.AddOrUpdate(address, address.GrainId.GetHashCode());
        }

        var entries = cache.KeyValues.ToList();

        Assert.Equal(20, entries.Count);
        Assert.Equal(
            addresses.Select(a => a.GrainId).Order(),
            entries.Select(e => e.ActivationAddress.GrainId).Order());
        Assert.All(entries, e => Assert.Equal(e.ActivationAddress.GrainId.GetHashCode(), e.Version));
    }

    [Fact]
    public void AddOrUpdate_PastCapacity_EvictsASliceAndNeverExceedsCapacity()
    {
        const int capacity = 800;
        var cache = new BoundedGrainDirectoryCache(capacity, sweepOnCaller: true);

        for (var n = 0; n < 5 * capacity; n++)
        {
            cache.AddOrUpdate(Address(n), 1);
            Assert.InRange(cache.Count, 1, capacity);
        }

        Assert.Equal(5 * capacity, cache.Count + cache.Evicted);
        Assert.Equal(cache.Count, cache.KeyValues.Count());

        // A sweep takes about a band's worth (an eighth), not one entry per add.
        Assert.InRange(cache.Count, capacity - (2 * capacity / BoundedGrainDirectoryCache.Bands), capacity);
    }

    [Fact]
    public void AddOrUpdate_ManySweeps_EvictFromEveryHashBand()
    {
        const int capacity = 8000;
        var cache = new BoundedGrainDirectoryCache(capacity, sweepOnCaller: true);
        for (var n = 0; n < 2 * capacity; n++)
        {
            cache.AddOrUpdate(Address(n), 1);
        }

        var evictedBands = Enumerable.Range(0, 2 * capacity)
            .Where(n => !cache.LookUp(Grain(n), out _, out _))
            .Select(n => BoundedGrainDirectoryCache.BandOf(Grain(n)))
            .ToHashSet();

        Assert.Equal(Enumerable.Range(0, BoundedGrainDirectoryCache.Bands), evictedBands.Order());
    }

    [Fact]
    public void Count_AfterConcurrentAddsAndRemoves_MatchesTheEntries()
    {
        const int threads = 4;
        const int perThread = 20_000;
        var cache = new BoundedGrainDirectoryCache(threads * perThread);

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var n = (t * perThread) + i;
                var address = Address(n);
                cache.AddOrUpdate(address, 1);
                cache.AddOrUpdate(address, 2);

                // Every other grain is removed again, alternately by id and by address.
                if (i % 4 == 1)
                {
                    Assert.True(cache.Remove(address.GrainId));
                }
                else if (i % 4 == 3)
                {
                    Assert.True(cache.Remove(Address(n)));
                }
            }
        });

        Assert.Equal(threads * perThread / 2, cache.Count);
        Assert.Equal(cache.Count, cache.KeyValues.Count());
        Assert.Equal(0, cache.Evicted);
    }

    [Fact]
    public async Task AddOrUpdate_PastCapacity_SweepsOnTheThreadPoolBackUnderTheCapacity()
    {
        const int capacity = 800;
        var cache = new BoundedGrainDirectoryCache(capacity);

        for (var n = 0; n <= capacity; n++)
        {
            cache.AddOrUpdate(Address(n), 1);
        }

        Assert.True(await Eventually.TrueAsync(() => cache.Count <= capacity - (capacity / BoundedGrainDirectoryCache.Bands)), $"count {cache.Count}");
        Assert.Equal(capacity + 1, cache.Count + cache.Evicted);
        Assert.Equal(cache.Count, cache.KeyValues.Count());
    }

    [Fact]
    public void Count_AfterConcurrentAddsPastCapacity_MatchesTheEntries()
    {
        const int threads = 4;
        const int perThread = 20_000;
        const int capacity = 5_000;
        var cache = new BoundedGrainDirectoryCache(capacity, sweepOnCaller: true);

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = 0; i < perThread; i++)
            {
                cache.AddOrUpdate(Address((t * perThread) + i), 1);
            }
        });

        Assert.Equal(cache.Count, cache.KeyValues.Count());
        Assert.Equal(threads * perThread, cache.Count + cache.Evicted);

        // Adds that race a sweep may overshoot; the next add sweeps back under the capacity.
        cache.AddOrUpdate(Address(-1), 1);
        Assert.InRange(cache.Count, 1, capacity);
    }
}
