using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SessionGrid.Postgres.Migrations;

/// <summary>Registers the start-up migration of the PostgreSQL schema.</summary>
public static class PostgresMigrationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="MigrationRunner"/> and a hosted service that runs it when the host starts and
    /// fails start-up when it fails. Hosted services start in registration order, so call this before
    /// adding services that use the schema. Needs an <see cref="Npgsql.NpgsqlDataSource"/> singleton.
    /// Calling it twice registers it once.
    /// </summary>
    public static IServiceCollection AddPostgresMigrations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton<MigrationRunner>();
        services.AddHostedService<PostgresMigrationService>();
        return services;
    }
}
