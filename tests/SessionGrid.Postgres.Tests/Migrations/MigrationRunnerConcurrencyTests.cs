using SessionGrid.Postgres.Migrations;

namespace SessionGrid.Postgres.Tests.Migrations;

public sealed class MigrationRunnerConcurrencyTests
{
    private const int Silos = 4;
    private static readonly TimeSpan Timeout = MigrationDatabase.Timeout;

    [Fact]
    public async Task ApplyAsync_FourRunnersAtOnce_EachEmbeddedMigrationAppliedExactlyOnce()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var runners = Enumerable.Range(0, Silos).Select(_ => db.Runner(dataSource: db.NewDataSource())).ToList();
        var expected = runners[0].Migrations.Select(m => m.Version).ToList();

        var reports = await Task.WhenAll(runners.Select(r => Task.Run(() => r.ApplyAsync()))).WaitAsync(Timeout);

        Assert.Equal(expected, reports.SelectMany(r => r.Applied).Order());
        Assert.All(reports, r => Assert.Equal(expected, r.Applied.Concat(r.AlreadyPresent).Order()));
        Assert.Equal(expected, (await db.HistoryAsync()).Select(h => h.Version));
    }

    [Fact]
    public async Task ApplyAsync_FourRunnersOverlappingASlowMigration_OthersWaitAndApplyNothing()
    {
        await using var db = await MigrationDatabase.CreateAsync();

        // Not idempotent on purpose: applied twice, the CREATE TABLE fails and the count shows 2.
        var migrations = new[]
        {
            MigrationSource.Create("0001_counter.sql", "CREATE TABLE applied (n int); INSERT INTO applied VALUES (1);"),
            MigrationSource.Create("0002_slow.sql", "SELECT pg_sleep(1); INSERT INTO applied VALUES (2);"),
        };
        var loggers = Enumerable.Range(0, Silos).Select(_ => new RecordingLogger<MigrationRunner>()).ToList();
        var runners = loggers.Select(l => db.Runner(migrations, l, db.NewDataSource())).ToList();

        var reports = await Task.WhenAll(runners.Select(r => Task.Run(() => r.ApplyAsync()))).WaitAsync(Timeout);

        Assert.Single(reports, r => r.Applied.Count == 2);
        Assert.Equal(Silos - 1, reports.Count(r => r.Applied.Count == 0 && r.AlreadyPresent.Count == 2));
        Assert.Equal(3L, await db.ScalarAsync("SELECT sum(n) FROM applied"));
        Assert.Equal([1, 2], (await db.HistoryAsync()).Select(h => h.Version));

        // The one-second migration makes the runs overlap, so the lock, not luck, kept them apart.
        Assert.Contains(loggers, l => l.Has(4001));
    }
}
