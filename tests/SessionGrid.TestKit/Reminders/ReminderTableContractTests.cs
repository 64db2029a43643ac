using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using Xunit;

namespace SessionGrid.TestKit.Reminders;

/// <summary>
/// What every <see cref="IReminderTable"/> must do; one subclass per provider. Tests use fresh grain ids
/// and narrow hash ranges around them, so a subclass may share one database between tests.
/// </summary>
public abstract class ReminderTableContractTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected abstract IReminderTable Table { get; }

    protected static GrainId NewGrainId() => new("reminder-contract", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReadRowAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Table.ReadRowAsync(NewGrainId(), "r"));
    }

    [Fact]
    public async Task UpsertRowAsync_NewRow_StoresItWithVersionOne()
    {
        var grainId = NewGrainId();
        var entry = new ReminderEntry(grainId, "r", Now, Now.AddMinutes(1), TimeSpan.FromMinutes(5), null);

        var etag = await Table.UpsertRowAsync(entry);

        Assert.Equal("1", etag);
        var row = await Table.ReadRowAsync(grainId, "r");
        Assert.Equal(entry with { ETag = "1" }, row);
        Assert.Equal(grainId.GetUniformHashCode(), row!.GrainHash);
    }

    [Fact]
    public async Task UpsertRowAsync_NullETagOverExisting_ReplacesAndIncrementsVersion()
    {
        var grainId = NewGrainId();
        await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.Zero, null));

        var etag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddHours(1), TimeSpan.Zero, null));

        Assert.Equal("2", etag);
        Assert.Equal(Now.AddHours(1), (await Table.ReadRowAsync(grainId, "r"))!.NextDue);
    }

    [Fact]
    public async Task UpsertRowAsync_CurrentETag_Writes()
    {
        var grainId = NewGrainId();
        var etag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.FromMinutes(1), null));

        var next = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddMinutes(1), TimeSpan.FromMinutes(1), etag));

        Assert.Equal("2", next);
    }

    [Fact]
    public async Task UpsertRowAsync_StaleETag_ReturnsNullAndKeepsRow()
    {
        var grainId = NewGrainId();
        var stale = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.Zero, null));
        await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddMinutes(2), TimeSpan.Zero, null));

        var etag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddMinutes(9), TimeSpan.Zero, stale));

        Assert.Null(etag);
        Assert.Equal(Now.AddMinutes(2), (await Table.ReadRowAsync(grainId, "r"))!.NextDue);
    }

    [Fact]
    public async Task UpsertRowAsync_ETagForRemovedRow_ReturnsNullAndDoesNotResurrect()
    {
        var grainId = NewGrainId();
        var etag = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.FromMinutes(1), null));
        await Table.RemoveRowAsync(grainId, "r", null);

        Assert.Null(await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddMinutes(1), TimeSpan.FromMinutes(1), etag)));
        Assert.Null(await Table.ReadRowAsync(grainId, "r"));
    }

    [Fact]
    public async Task RemoveRowAsync_ETag_RemovesOnlyMatchingVersion()
    {
        var grainId = NewGrainId();
        var first = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.Zero, null));
        var second = await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.Zero, null));

        Assert.False(await Table.RemoveRowAsync(grainId, "r", first));
        Assert.NotNull(await Table.ReadRowAsync(grainId, "r"));
        Assert.True(await Table.RemoveRowAsync(grainId, "r", second));
        Assert.Null(await Table.ReadRowAsync(grainId, "r"));
        Assert.False(await Table.RemoveRowAsync(grainId, "r", null));
    }

    [Fact]
    public async Task ReadDueRowsAsync_HashRange_ReturnsOnlyRowsInRangeAndDue()
    {
        var inside = NewGrainId();
        var outside = NewGrainId();
        var hash = inside.GetUniformHashCode();
        Assert.NotEqual(hash, outside.GetUniformHashCode());
        await Table.UpsertRowAsync(new ReminderEntry(inside, "due", Now, Now.AddMinutes(1), TimeSpan.Zero, null));
        await Table.UpsertRowAsync(new ReminderEntry(inside, "later", Now, Now.AddMinutes(10), TimeSpan.Zero, null));
        await Table.UpsertRowAsync(new ReminderEntry(outside, "due", Now, Now.AddMinutes(1), TimeSpan.Zero, null));

        var rows = await Table.ReadDueRowsAsync(new ReminderHashRange(hash, hash + 1), Now.AddMinutes(5));

        var row = Assert.Single(rows);
        Assert.Equal(inside, row.GrainId);
        Assert.Equal("due", row.Name);
        Assert.Equal("1", row.ETag);
    }

    [Fact]
    public async Task ReadDueRowsAsync_WrappingRange_IncludesBothEndsOfTheRing()
    {
        var grainId = NewGrainId();
        var hash = grainId.GetUniformHashCode();
        await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.Zero, null));

        // Everything but [hash, hash + 1), as a wrapping range: must not contain it.
        var allBut = await Table.ReadDueRowsAsync(new ReminderHashRange(hash + 1, hash), Now.AddMinutes(1));
        var wrapsOverIt = await Table.ReadDueRowsAsync(new ReminderHashRange(hash, hash - 1), Now.AddMinutes(1));

        Assert.DoesNotContain(allBut, r => r.GrainId == grainId);
        Assert.Contains(wrapsOverIt, r => r.GrainId == grainId);
    }

    [Fact]
    public async Task ReadDueRowsAsync_DueExactlyAtBound_IsExcluded()
    {
        var grainId = NewGrainId();
        var hash = grainId.GetUniformHashCode();
        await Table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddMinutes(1), TimeSpan.Zero, null));

        Assert.Empty(await Table.ReadDueRowsAsync(new ReminderHashRange(hash, hash + 1), Now.AddMinutes(1)));
        Assert.Single(await Table.ReadDueRowsAsync(new ReminderHashRange(hash, hash + 1), Now.AddMinutes(1).AddTicks(1)));
    }
}
