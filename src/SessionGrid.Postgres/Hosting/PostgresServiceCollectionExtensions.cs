using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using SessionGrid.Postgres.Migrations;

namespace SessionGrid.Postgres.Hosting;

/// <summary>Switches a silo from the in-memory default to PostgreSQL.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="NpgsqlDataSource"/> (the connection pool), the migrations that run at
    /// start-up, and the PostgreSQL grain storage, reminder table and session query. Call it before
    /// the storage and reminder services are added, so the schema is in place before they start.
    /// </summary>
    public static IServiceCollection AddSessionGridPostgres(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = "sessiongrid" }.Build());
        services.AddPostgresMigrations();
        services.AddPostgresStorage();
        return services;
    }

    /// <summary>The connection string as it may be logged: host, port and database, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
