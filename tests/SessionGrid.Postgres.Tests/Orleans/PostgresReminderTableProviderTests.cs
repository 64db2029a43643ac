using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>
/// Orleans' ADO.NET reminder table, taken from a running silo and called directly: the hash range,
/// time, period and ETag semantics of our queries, which a one-silo cluster alone never exercises
/// (it always reads the whole ring).
/// </summary>
public sealed class PostgresReminderTableProviderTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private static readonly TimeSpan Timeout = PostgresOrleansSilo.Timeout;

    private string ConnectionString => database.DataSource.ConnectionString;

    public static TheoryData<string, uint, uint> Ranges => new()
    {
        { "low half", 0x0000_1000, 0x7000_0000 },
        { "high half", 0x9000_0000, 0xF000_0000 },
        { "across the signed boundary", 0x4000_0000, 0xC000_0000 },
        { "wrapping, signed in order", 0xC000_0000, 0x4000_0000 },
        { "wrapping, both low", 0x6000_0000, 0x2000_0000 },
        { "wrapping, both high", 0xE000_0000, 0xA000_0000 },
        { "whole ring", 0x1234_5678, 0x1234_5678 },
        { "zero to max", 0, uint.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task ReadRows_HashRange_ReturnsExactlyTheRowsInRange(string range, uint begin, uint end)
    {
        await using var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, $"table-range-{begin:x8}-{end:x8}");
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("probe", $"{i}-{Guid.NewGuid():N}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r")).WaitAsync(Timeout);
        }

        // Bounds on stored hashes too: the range is (begin, end], begin excluded.
        var hashes = grains.Select(g => g.GetUniformHashCode()).ToList();
        foreach (var (b, e) in new[] { (begin, end), (hashes[0], hashes[1]), (hashes[1], hashes[0]) })
        {
            var read = await table.ReadRows(b, e).WaitAsync(Timeout);

            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), b, e)).Select(g => g.ToString()).Order(StringComparer.Ordinal);
            Assert.True(b != begin || expected.Any(), $"{range}: no test grain fell in the range, so it proves nothing");
            Assert.Equal(expected, read.Reminders.Select(r => r.GrainId.ToString()).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task UpsertRow_LongPeriodAndStartTime_ReadBackExactlyWithNewETagEachTime()
    {
        await using var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, "table-round-trip");
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("probe", Guid.NewGuid().ToString("N"));
        // Microsecond precision (PostgreSQL's), and a period past int.MaxValue milliseconds, which
        // the provider binds as a long instead of an int.
        var entry = new ReminderEntry
        {
            GrainId = grain,
            ReminderName = "long",
            StartAt = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560),
            Period = TimeSpan.FromDays(30),
        };

        var first = await table.UpsertRow(entry).WaitAsync(Timeout);
        var second = await table.UpsertRow(entry).WaitAsync(Timeout);

        var read = await table.ReadRow(grain, "long").WaitAsync(Timeout);
        Assert.NotNull(read);
        Assert.Equal((entry.StartAt, DateTimeKind.Utc, entry.Period), (read.StartAt, read.StartAt.Kind, read.Period));
        Assert.Equal(("1", "2", "2"), (first, second, read.ETag));
        Assert.Equal([read.ETag], (await table.ReadRows(grain)).Reminders.Select(r => r.ETag));
    }

    [Fact]
    public async Task RemoveRow_StaleETag_ReturnsFalseAndKeepsTheRow()
    {
        await using var silo = await PostgresOrleansSilo.StartAsync(ConnectionString, "table-remove");
        var table = silo.Services.GetRequiredService<IReminderTable>();
        var grain = GrainId.Create("probe", Guid.NewGuid().ToString("N"));
        var stale = await table.UpsertRow(Entry(grain, "r")).WaitAsync(Timeout);
        var current = await table.UpsertRow(Entry(grain, "r")).WaitAsync(Timeout);

        Assert.False(await table.RemoveRow(grain, "r", stale!).WaitAsync(Timeout));
        Assert.NotNull(await table.ReadRow(grain, "r"));
        Assert.True(await table.RemoveRow(grain, "r", current!).WaitAsync(Timeout));
        Assert.Null(await table.ReadRow(grain, "r"));
        Assert.False(await table.RemoveRow(grain, "r", current!).WaitAsync(Timeout));
    }

    // Far in the future, so the silo's own reminder service loads these rows but never ticks them.
    private static ReminderEntry Entry(GrainId grain, string name) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = DateTime.UtcNow.AddDays(1),
        Period = TimeSpan.FromHours(1),
    };

    // Orleans' ring ranges: (begin, end] on the unsigned hash, wrapping past uint.MaxValue, the whole
    // ring when begin == end.
    private static bool InRange(uint hash, uint begin, uint end)
        => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
