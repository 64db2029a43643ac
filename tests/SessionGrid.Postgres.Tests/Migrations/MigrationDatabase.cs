using Npgsql;
using SessionGrid.Postgres.Migrations;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Postgres.Tests.Migrations;

/// <summary>A fresh, empty database on the shared server for one test, with the queries the migration tests ask.</summary>
internal sealed class MigrationDatabase : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<NpgsqlDataSource> _dataSources = [];

    private MigrationDatabase(PostgresServer server, string connectionString)
    {
        Server = server;
        ConnectionString = connectionString;
        DataSource = NewDataSource();
    }

    public PostgresServer Server { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<MigrationDatabase> CreateAsync()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(Timeout);
        return new MigrationDatabase(server, await server.CreateDatabaseAsync("migrations").WaitAsync(Timeout));
    }

    /// <summary>A data source of its own, as another silo would have.</summary>
    public NpgsqlDataSource NewDataSource()
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        _dataSources.Add(dataSource);
        return dataSource;
    }

    public MigrationRunner Runner(RecordingLogger<MigrationRunner>? logger = null, NpgsqlDataSource? dataSource = null)
        => new(dataSource ?? DataSource, logger ?? new RecordingLogger<MigrationRunner>());

    public MigrationRunner Runner(IEnumerable<Migration> migrations, RecordingLogger<MigrationRunner>? logger = null, NpgsqlDataSource? dataSource = null)
        => new(dataSource ?? DataSource, logger ?? new RecordingLogger<MigrationRunner>(), migrations);

    public async Task<bool> TableExistsAsync(string table)
    {
        await using var command = DataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "public." + table });
        return (bool)(await command.ExecuteScalarAsync().WaitAsync(Timeout))!;
    }

    /// <summary>The rows of schema_migrations, by version.</summary>
    public async Task<List<(int Version, string Name, string Checksum)>> HistoryAsync()
    {
        var rows = new List<(int, string, string)>();
        await using var command = DataSource.CreateCommand("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(Timeout);
        while (await reader.ReadAsync().WaitAsync(Timeout))
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync().WaitAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }
}
