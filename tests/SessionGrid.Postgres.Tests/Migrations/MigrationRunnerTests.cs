using System.Net;
using System.Net.Sockets;
using Npgsql;
using SessionGrid.Postgres.Migrations;

namespace SessionGrid.Postgres.Tests.Migrations;

public sealed class MigrationRunnerTests
{
    private static readonly TimeSpan Timeout = MigrationDatabase.Timeout;

    [Fact]
    public async Task ApplyAsync_FreshDatabase_AppliesAllAndCreatesTheTables()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var logger = new RecordingLogger<MigrationRunner>();
        var runner = db.Runner(logger);

        var report = await runner.ApplyAsync().WaitAsync(Timeout);

        Assert.Equal(runner.Migrations.Select(m => m.Version), report.Applied);
        Assert.Empty(report.AlreadyPresent);
        foreach (var table in new[] { "sessions", "session_events", "orleansquery", "orleans_reminders", "orleans_grain_state", "schema_migrations" })
        {
            Assert.True(await db.TableExistsAsync(table), $"table {table} is missing");
        }

        var history = await db.HistoryAsync();
        Assert.Equal(runner.Migrations.Select(m => (m.Version, m.Name, m.Checksum)), history);
        Assert.True(logger.Has(4003) && logger.Has(4004) && logger.Has(4005));
    }

    [Fact]
    public async Task ApplyAsync_SecondRun_AppliesNothing()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var first = await db.Runner().ApplyAsync().WaitAsync(Timeout);

        var second = await db.Runner().ApplyAsync().WaitAsync(Timeout);

        Assert.Empty(second.Applied);
        Assert.Equal(first.Applied, second.AlreadyPresent);
        Assert.Equal(first.Applied.Count, (await db.HistoryAsync()).Count);
    }

    [Fact]
    public async Task ApplyAsync_NewMigrationAdded_AppliesOnlyTheNewOne()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var v1 = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int PRIMARY KEY);");
        var v2 = MigrationSource.Create("0002_beta.sql", "CREATE TABLE beta (id int PRIMARY KEY);");
        await db.Runner([v1]).ApplyAsync().WaitAsync(Timeout);

        var report = await db.Runner([v2, v1]).ApplyAsync().WaitAsync(Timeout);

        Assert.Equal([2], report.Applied);
        Assert.Equal([1], report.AlreadyPresent);
        Assert.True(await db.TableExistsAsync("beta"));
    }

    [Fact]
    public async Task ApplyAsync_AppliedMigrationEdited_ThrowsAndAppliesNothing()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        await db.Runner([MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int);")]).ApplyAsync().WaitAsync(Timeout);
        var edited = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id bigint);");
        var next = MigrationSource.Create("0002_beta.sql", "CREATE TABLE beta (id int);");
        var logger = new RecordingLogger<MigrationRunner>();

        var error = await Assert.ThrowsAsync<MigrationException>(() => db.Runner([edited, next], logger).ApplyAsync().WaitAsync(Timeout));

        Assert.Contains("migration 0001_alpha was edited after it was applied", error.Message, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("beta"));
        Assert.Equal([1], (await db.HistoryAsync()).Select(r => r.Version));
        Assert.NotEqual(edited.Checksum, (await db.HistoryAsync())[0].Checksum);
        Assert.True(logger.Has(4007));
    }

    [Fact]
    public async Task ApplyAsync_FailingMigration_RollsBackFullyAndRecordsNothing()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var good = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int);");
        var bad = MigrationSource.Create("0002_beta.sql", """
            CREATE TABLE beta (id int);
            INSERT INTO alpha VALUES (1);
            SELECT 1 / 0;
            """);
        var logger = new RecordingLogger<MigrationRunner>();

        var error = await Assert.ThrowsAsync<MigrationException>(() => db.Runner([good, bad], logger).ApplyAsync().WaitAsync(Timeout));

        Assert.Contains("migration 0002_beta failed and was rolled back", error.Message, StringComparison.Ordinal);
        Assert.Contains("division by zero", error.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresException>(error.InnerException);
        Assert.True(await db.TableExistsAsync("alpha"));
        Assert.False(await db.TableExistsAsync("beta"));
        Assert.Equal(0L, await db.ScalarAsync("SELECT count(*) FROM alpha"));
        Assert.Equal([1], (await db.HistoryAsync()).Select(r => r.Version));
        Assert.True(logger.Has(4006));
    }

    [Fact]
    public async Task ApplyAsync_FailingFirstMigration_LeavesNoSchemaMigrationsRow()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var bad = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int); CREATE TABLE alpha (id int);");

        var error = await Assert.ThrowsAsync<MigrationException>(() => db.Runner([bad]).ApplyAsync().WaitAsync(Timeout));

        Assert.Contains("0001_alpha", error.Message, StringComparison.Ordinal);
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.False(await db.TableExistsAsync("alpha"));
        Assert.Empty(await db.HistoryAsync());
    }

    [Fact]
    public async Task ApplyAsync_AfterAFailureFixed_AppliesTheFixedMigration()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var bad = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int); SELEKT 1;");
        await Assert.ThrowsAsync<MigrationException>(() => db.Runner([bad]).ApplyAsync().WaitAsync(Timeout));
        var fixedMigration = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int);");

        var report = await db.Runner([fixedMigration]).ApplyAsync().WaitAsync(Timeout);

        Assert.Equal([1], report.Applied);
        Assert.Equal(fixedMigration.Checksum, (await db.HistoryAsync()).Single().Checksum);
    }

    [Fact]
    public async Task ApplyAsync_DatabaseHasAVersionThisBuildDoesNotKnow_WarnsAndAppliesTheRest()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var v1 = MigrationSource.Create("0001_alpha.sql", "CREATE TABLE alpha (id int);");
        var v2 = MigrationSource.Create("0002_beta.sql", "CREATE TABLE beta (id int);");
        await db.Runner([v1, v2]).ApplyAsync().WaitAsync(Timeout);
        var logger = new RecordingLogger<MigrationRunner>();

        var report = await db.Runner([v1], logger).ApplyAsync().WaitAsync(Timeout);

        Assert.Empty(report.Applied);
        Assert.Equal([1], report.AlreadyPresent);
        Assert.True(logger.Has(4008));
    }

    [Fact]
    public async Task ApplyAsync_UnreachableDatabase_ThrowsSayingWhere()
    {
        var port = FreePort();
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=secret-password;Database=nowhere;Timeout=5";
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var runner = new MigrationRunner(dataSource, new RecordingLogger<MigrationRunner>());

        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync().WaitAsync(Timeout));

        Assert.Contains($"cannot connect to PostgreSQL at 127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
    }

    [Fact]
    public async Task ApplyAsync_Cancelled_ThrowsOperationCanceledAndReleasesTheLock()
    {
        await using var db = await MigrationDatabase.CreateAsync();
        var slow = MigrationSource.Create("0001_slow.sql", "CREATE TABLE alpha (id int); SELECT pg_sleep(30);");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.Runner([slow]).ApplyAsync(cts.Token).WaitAsync(Timeout));

        Assert.False(await db.TableExistsAsync("alpha"));
        var report = await db.Runner([MigrationSource.Create("0001_slow.sql", "CREATE TABLE alpha (id int);")]).ApplyAsync().WaitAsync(Timeout);
        Assert.Equal([1], report.Applied);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
