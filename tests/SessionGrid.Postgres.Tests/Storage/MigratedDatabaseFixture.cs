using System.Reflection;
using Npgsql;
using SessionGrid.Postgres.Storage;
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
        await ApplyMigrationsAsync(_dataSource);
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

    // Until the migrations runner lands: the embedded files in name order, as it will apply them.
    private static async Task ApplyMigrationsAsync(NpgsqlDataSource dataSource)
    {
        var assembly = typeof(PostgresGrainStorage).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(static n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            await using var command = dataSource.CreateCommand(await reader.ReadToEndAsync());
            await command.ExecuteNonQueryAsync();
        }
    }
}
