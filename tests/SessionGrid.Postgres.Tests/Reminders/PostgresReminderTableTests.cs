using SessionGrid.Postgres.Reminders;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;

namespace SessionGrid.Postgres.Tests.Reminders;

public sealed class PostgresReminderTableTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly PostgresReminderTable _table = new(database.DataSource);

    [Fact]
    public async Task UpsertRowAsync_HashAboveInt32Max_StoredAsItsUnsignedValue()
    {
        var grainId = GrainWithHash(static h => h > int.MaxValue);

        await _table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.FromSeconds(90), null));

        Assert.Equal((long)grainId.GetUniformHashCode(), await database.ScalarAsync<long>(
            "SELECT grain_hash FROM reminders WHERE grain_id = $1 AND name = 'r'", grainId.ToString()));
        Assert.Equal(90_000L, await database.ScalarAsync<long>("SELECT period_ms FROM reminders WHERE grain_id = $1", grainId.ToString()));
    }

    [Fact]
    public async Task ReadDueRowsAsync_WrappingRange_ReturnsBothEndsOfTheRingButNotTheMiddle()
    {
        var high = GrainWithHash(static h => h >= 0xF000_0000u);
        var low = GrainWithHash(static h => h < 0x1000_0000u);
        var middle = GrainWithHash(static h => h is >= 0x7000_0000u and < 0x9000_0000u);
        foreach (var grainId in new[] { high, low, middle })
        {
            await _table.UpsertRowAsync(new ReminderEntry(grainId, "wrap", Now, Now, TimeSpan.Zero, null));
        }

        var rows = await _table.ReadDueRowsAsync(new ReminderHashRange(0xF000_0000u, 0x1000_0000u), Now.AddSeconds(1));

        var mine = rows.Where(r => r.Name == "wrap").Select(r => r.GrainId).ToHashSet();
        Assert.Contains(high, mine);
        Assert.Contains(low, mine);
        Assert.DoesNotContain(middle, mine);
    }

    [Fact]
    public async Task ReadDueRowsAsync_FullRing_ReturnsDueRowsOfEveryHash()
    {
        var name = "full-" + Guid.NewGuid().ToString("N");
        var ids = new[]
        {
            GrainWithHash(static h => h < 0x4000_0000u),
            GrainWithHash(static h => h >= 0xC000_0000u),
            GrainWithHash(static h => h is >= 0x4000_0000u and < 0xC000_0000u),
        };
        foreach (var grainId in ids)
        {
            await _table.UpsertRowAsync(new ReminderEntry(grainId, name, Now, Now.AddMinutes(1), TimeSpan.Zero, null));
        }

        var notYet = await _table.ReadDueRowsAsync(new ReminderHashRange(7, 7), Now.AddMinutes(1));
        var due = await _table.ReadDueRowsAsync(ReminderHashRange.FullRing, Now.AddMinutes(2));

        Assert.DoesNotContain(notYet, r => r.Name == name);
        Assert.Equal(ids.ToHashSet(), due.Where(r => r.Name == name).Select(r => r.GrainId).ToHashSet());
    }

    [Fact]
    public async Task ReadDueRowsAsync_Row_ReturnsAllFieldsWithVersion()
    {
        var grainId = GrainWithHash(static _ => true);
        var hash = grainId.GetUniformHashCode();
        var entry = new ReminderEntry(grainId, "fields", Now.AddHours(-1), Now.AddTicks(-1230), TimeSpan.FromMilliseconds(1500), null);
        await _table.UpsertRowAsync(entry);
        await _table.UpsertRowAsync(entry);

        var rows = await _table.ReadDueRowsAsync(new ReminderHashRange(hash, unchecked(hash + 1)), Now);

        var row = Assert.Single(rows, r => r.GrainId == grainId);
        Assert.Equal(entry with { ETag = "2" }, row);
    }

    [Fact]
    public async Task UpsertRowAsync_ETagThatIsNotAVersion_ReturnsNullAndKeepsRow()
    {
        var grainId = GrainWithHash(static _ => true);
        await _table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now, TimeSpan.Zero, null));

        Assert.Null(await _table.UpsertRowAsync(new ReminderEntry(grainId, "r", Now, Now.AddDays(1), TimeSpan.Zero, "x1")));
        Assert.False(await _table.RemoveRowAsync(grainId, "r", "x1"));
        Assert.Equal(Now, (await _table.ReadRowAsync(grainId, "r"))!.NextDue);
    }

    [Fact]
    public void CeilingToMicrosecond_SubMicrosecondTicks_RoundsUpOnlyWhenNeeded()
    {
        Assert.Equal(Now, PostgresReminderTable.CeilingToMicrosecond(Now));
        Assert.Equal(Now.AddTicks(10), PostgresReminderTable.CeilingToMicrosecond(Now.AddTicks(1)));
        Assert.Equal(Now.AddTicks(10), PostgresReminderTable.CeilingToMicrosecond(Now.AddTicks(9)));
        Assert.Equal(TimeSpan.Zero, PostgresReminderTable.CeilingToMicrosecond(new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2))).Offset);
    }

    private static GrainId GrainWithHash(Func<uint, bool> wanted)
    {
        while (true)
        {
            var grainId = new GrainId("reminder-test", Guid.NewGuid().ToString("N"));
            if (wanted(grainId.GetUniformHashCode()))
            {
                return grainId;
            }
        }
    }
}
