using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Storage;
using SessionGrid.Postgres.Migrations;
using SessionGrid.Postgres.Tests.Storage;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>Migration 0003 against what the 10.4.2 providers ask for, and the plans of its range queries.</summary>
public sealed partial class OrleansQueryContractTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private const string HashIndex = "orleans_reminders_service_hash_idx";

    [Fact]
    public async Task OrleansQuery_Keys_AreExactlyThoseTheProvidersRead()
    {
        // The reminder table checks at start that every property of its internal DbStoredQueries
        // has a row (a property per key); grain storage names its keys in its public init query.
        var storedQueries = typeof(AdoNetReminderTableOptions).Assembly.GetType("Orleans.Reminders.AdoNet.Storage.DbStoredQueries", throwOnError: true)!;
        var reminderKeys = storedQueries.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name);
        var storageKeys = QuotedKey().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(m => m.Groups[1].Value);

        var stored = await KeysAsync();

        Assert.Equal(reminderKeys.Concat(storageKeys).Order(StringComparer.Ordinal), stored);
    }

    [Theory]
    [InlineData("ReadRangeRows1Key", -1000, 1000)]
    [InlineData("ReadRangeRows2Key", 1000, -1000)]
    public async Task ReadRangeRows_ByHash_UsesTheHashIndex(string queryKey, int beginHash, int endHash)
    {
        var sql = (await QueryTextAsync(queryKey))
            .Replace("@ServiceId", "'svc'", StringComparison.Ordinal)
            .Replace("@BeginHash", beginHash.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@EndHash", endHash.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var plan = await database.ExplainAsync(sql);

        var text = string.Join('\n', plan);
        Assert.Contains(HashIndex, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_MigratedDatabase_Records0003DropsRetiredTablesAndAppliesNothingTwice()
    {
        Assert.Equal("0003_orleans_adonet", await database.ScalarAsync<string>("SELECT name FROM schema_migrations WHERE version = 3"));
        Assert.False(await database.ScalarAsync<bool>("SELECT to_regclass('public.reminders') IS NOT NULL OR to_regclass('public.grain_state') IS NOT NULL"));

        var again = await new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync();

        Assert.Empty(again.Applied);
        Assert.Contains(3, again.AlreadyPresent);
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private Task<string> QueryTextAsync(string key) => database.ScalarAsync<string>("SELECT QueryText FROM OrleansQuery WHERE QueryKey = $1", key);

    [GeneratedRegex("'(\\w+Key)'")]
    private static partial Regex QuotedKey();
}
