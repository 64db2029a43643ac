using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace SessionGrid.Postgres.Orleans;

/// <summary>
/// Switches a silo's reminders and generic grain state to Orleans' ADO.NET providers on PostgreSQL,
/// over the <c>OrleansQuery</c> contract that migration 0003 installs. The migrations must have run
/// before the silo starts: the providers read their queries once, when they start.
/// </summary>
public static class PostgresOrleansSiloBuilderExtensions
{
    /// <summary>
    /// The ADO.NET invariant for Npgsql. Orleans 10 does not consult <c>DbProviderFactories</c>: it
    /// maps the name to <c>Npgsql.NpgsqlFactory</c> in its own list and loads the Npgsql assembly,
    /// which this project references, so nothing needs registering.
    /// </summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Replaces the reminder service with Orleans' ADO.NET reminder table on PostgreSQL.
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="connectionString">The database; it must be the one of any <see cref="NpgsqlDataSource"/> the silo already registered.</param>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDataSource(builder, connectionString);
        return builder.UseAdoNetReminderService((OptionsBuilder<AdoNetReminderTableOptions> options) =>
            options.Configure<NpgsqlDataSource>((o, dataSource) =>
            {
                o.Invariant = Invariant;
                o.DataSource = Checked(dataSource, connectionString);
            }));
    }

    /// <summary>
    /// Adds Orleans' ADO.NET grain storage on PostgreSQL as the default provider (the one
    /// <c>[PersistentState]</c> uses when it names none).
    /// </summary>
    /// <param name="builder">The silo.</param>
    /// <param name="connectionString">The database; it must be the one of any <see cref="NpgsqlDataSource"/> the silo already registered.</param>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDataSource(builder, connectionString);
        return builder.AddAdoNetGrainStorageAsDefault((OptionsBuilder<AdoNetGrainStorageOptions> options) =>
            options.Configure<NpgsqlDataSource>((o, dataSource) =>
            {
                o.Invariant = Invariant;
                o.DataSource = Checked(dataSource, connectionString);
            }));
    }

    // The providers take a DbDataSource since Orleans 10: given the silo's one NpgsqlDataSource they
    // share its pool (and its settings) with the sessions provider and the migrations. Given a
    // connection string they would open NpgsqlConnections of their own, a second pool per silo.
    private static void AddDataSource(ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var normalized = new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        builder.Services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(normalized) { Name = "sessiongrid" }.Build());
    }

    // TryAdd keeps a data source registered earlier; one on another database would silently send
    // reminders and state there, so that is a start-up error instead.
    private static NpgsqlDataSource Checked(NpgsqlDataSource dataSource, string connectionString)
    {
        var wanted = new NpgsqlConnectionStringBuilder(connectionString);
        var registered = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        if (!string.Equals(wanted.Host, registered.Host, StringComparison.OrdinalIgnoreCase)
            || wanted.Port != registered.Port
            || !string.Equals(wanted.Database, registered.Database, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The silo's NpgsqlDataSource points at {registered.Host}:{registered.Port}/{registered.Database}, "
                + $"but Orleans' PostgreSQL providers were given {wanted.Host}:{wanted.Port}/{wanted.Database}; "
                + "give both the same connection string.");
        }

        return dataSource;
    }
}
