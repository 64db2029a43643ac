using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionGrid.Grains.Events;
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
    /// <see cref="PostgresSessionEventQuery"/> as the <see cref="ISessionEventQuery"/>, and
    /// <see cref="PostgresSessionEventFeed"/> as the source of the live event hub. Each replaces whatever is
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

        // The live feed hears every silo's transitions from the database, not this silo's grains.
        services.TryAddSingleton<RecentSessionEvents>();
        services.TryAddSingleton<SessionEventHub>();
        services.RemoveAll<ISessionEventSink>();
        services.AddSingleton<ISessionEventSink>(static sp => new LocalSessionEventSink(
            sp.GetRequiredService<RecentSessionEvents>(), hub: null, sp.GetRequiredService<SiloIdentity>()));
        services.AddHostedService<PostgresSessionEventFeed>();
        return services;
    }
}
