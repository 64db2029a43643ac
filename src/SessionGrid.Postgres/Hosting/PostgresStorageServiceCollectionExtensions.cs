using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionGrid.Grains.Sessions;
using SessionGrid.Postgres.Reminders;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Postgres.Hosting;

/// <summary>Registers the PostgreSQL grain storage, reminder table and session query.</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Makes PostgreSQL the store: <see cref="PostgresGrainStorage"/> as the keyed <see cref="IGrainStorage"/>
    /// <see cref="GrainStorageNames.Default"/>, <see cref="PostgresReminderTable"/> as the
    /// <see cref="IReminderTable"/>, <see cref="PostgresSessionQuery"/> as the <see cref="ISessionQuery"/> and
    /// <see cref="PostgresSessionEventQuery"/> as the <see cref="ISessionEventQuery"/>.
    /// Each replaces whatever is registered for its service, and the in-memory defaults are only ever added
    /// with TryAdd, so this may be called before or after the runtime's <c>Add*Core</c> methods.
    /// Needs an <see cref="Npgsql.NpgsqlDataSource"/> singleton and a <see cref="SessionStateMachine"/>.
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GrainStateSerializerOptions>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<PostgresGrainStorage>();
        services.RemoveAllKeyed<IGrainStorage>(GrainStorageNames.Default);
        services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, static (sp, _) => sp.GetRequiredService<PostgresGrainStorage>());

        services.TryAddSingleton<PostgresReminderTable>();
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(static sp => sp.GetRequiredService<PostgresReminderTable>());

        services.TryAddSingleton<PostgresSessionQuery>();
        services.RemoveAll<ISessionQuery>();
        services.AddSingleton<ISessionQuery>(static sp => sp.GetRequiredService<PostgresSessionQuery>());

        services.TryAddSingleton<PostgresSessionEventQuery>();
        services.RemoveAll<ISessionEventQuery>();
        services.AddSingleton<ISessionEventQuery>(static sp => sp.GetRequiredService<PostgresSessionEventQuery>());
        return services;
    }
}
