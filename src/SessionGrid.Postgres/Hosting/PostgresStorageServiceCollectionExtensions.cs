using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;

namespace SessionGrid.Postgres.Hosting;

/// <summary>Registers the PostgreSQL session store and the session and event queries.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Makes PostgreSQL the session store: <see cref="PostgresSessionStore"/> as the <see cref="ISessionStore"/>
    /// behind the "sessions" provider, <see cref="PostgresSessionQuery"/> as the <see cref="ISessionQuery"/> and
    /// <see cref="PostgresSessionEventQuery"/> as the <see cref="ISessionEventQuery"/>. Each replaces whatever is
    /// registered, and the in-memory defaults are only ever added with TryAdd, so the order of calls does not
    /// matter. Needs an <see cref="Npgsql.NpgsqlDataSource"/> singleton and a <see cref="SessionStateMachine"/>.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddKeyedSingleton(SessionClock.Key, TimeProvider.System);

        services.TryAddSingleton<PostgresSessionStore>();
        services.RemoveAll<ISessionStore>();
        services.AddSingleton<ISessionStore>(static sp => sp.GetRequiredService<PostgresSessionStore>());

        services.TryAddSingleton(static sp => new PostgresSessionQuery(
            sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            sp.GetRequiredService<SessionStateMachine>(),
            sp.GetRequiredKeyedService<TimeProvider>(SessionClock.Key)));
        services.RemoveAll<ISessionQuery>();
        services.AddSingleton<ISessionQuery>(static sp => sp.GetRequiredService<PostgresSessionQuery>());

        services.TryAddSingleton<PostgresSessionEventQuery>();
        services.RemoveAll<ISessionEventQuery>();
        services.AddSingleton<ISessionEventQuery>(static sp => sp.GetRequiredService<PostgresSessionEventQuery>());

        services.RemoveAll<IOrphanedSessionQuery>();
        services.AddSingleton<IOrphanedSessionQuery, PostgresOrphanedSessionQuery>();
        return services;
    }
}
