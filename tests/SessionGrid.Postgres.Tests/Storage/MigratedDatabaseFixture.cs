using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SessionGrid.Postgres.Migrations;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Postgres.Tests.Storage;

/// <summary>
/// Class fixture: a fresh database on the shared test server with the migrations applied, and a data
/// source on it. Each test class gets its own; tests inside a class use fresh keys.
/// </summary>
public sealed class MigratedDatabaseFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Used before xunit initialized the fixture.");

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync("store");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(_dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The plan of <paramref name="sql"/> with sequential scans off, so a small table still shows the index a big one would use.</summary>
    public Task<IReadOnlyList<string>> ExplainAsync(string sql) => ExplainAsync(sql, []);

    /// <summary>
    /// The plan of a parameterised statement as the application sends it (the unnamed statement is planned
    /// with its parameter values), with sequential scans off. <paramref name="walksOnly"/> also turns bitmap
    /// scans off: on a small table a bitmap scan and a sort look cheaper than the ordered index walk that a
    /// LIMIT over a big one chooses.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExplainAsync(string sql, IEnumerable<NpgsqlParameter> parameters, bool walksOnly = false)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand(walksOnly ? "SET enable_seqscan = off; SET enable_bitmapscan = off" : "SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        foreach (var parameter in parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }
}
