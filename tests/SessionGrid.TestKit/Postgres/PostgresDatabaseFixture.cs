using Npgsql;
using Xunit;

namespace SessionGrid.TestKit.Postgres;

/// <summary>
/// Class fixture giving a test class its own empty database on the shared server:
/// <c>public sealed class MyTests(PostgresDatabaseFixture db) : IClassFixture&lt;PostgresDatabaseFixture&gt;</c>.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private string? _connectionString;
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw NotInitialized();

    public string ConnectionString => _connectionString ?? throw NotInitialized();

    /// <summary>A data source on this class's database, disposed with the fixture.</summary>
    public NpgsqlDataSource DataSource => _dataSource ?? throw NotInitialized();

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("class");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    private static InvalidOperationException NotInitialized() => new("The fixture is used before xunit initialized it.");
}
