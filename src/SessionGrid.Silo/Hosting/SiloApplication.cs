using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using GrainCollectionOptions = Orleans.Configuration.GrainCollectionOptions;
using SessionGrid.Api;
using SessionGrid.Api.Metrics;
using SessionGrid.Api.RateLimiting;
using SessionGrid.Api.Security;
using SessionGrid.Dashboard;
using SessionGrid.Gateway.Connections;
using SessionGrid.Gateway.Hosting;
using SessionGrid.Grains.Cluster;
using SessionGrid.Grains.Hosting;
using SessionGrid.Postgres.Hosting;
using SessionGrid.Postgres.Orleans;
using SessionGrid.Silo.Health;

namespace SessionGrid.Silo.Hosting;

/// <summary>
/// Composes a silo: one web application hosting Orleans (the grain runtime), the session grains and
/// their store, the client gateway and the API. The executable and the end-to-end tests build the same
/// application; tests only add configuration (ports) and services (a manual session clock) through
/// <paramref name="configure"/>.
/// </summary>
public static class SiloApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,

            // The dashboard's static files are found through SessionGrid.Silo.staticwebassets.*.json, also when a
            // test process (another entry assembly) hosts the silo.
            ApplicationName = typeof(SiloApplication).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        // Orleans is configured while the host is built, before options validation could run: check now.
        var orleans = configuration.GetSection(OrleansOptions.SectionName).Get<OrleansOptions>() ?? new OrleansOptions();
        var invalid = new OrleansOptionsValidator().Validate(null, orleans);
        if (invalid.Failed)
        {
            throw new OptionsValidationException(OrleansOptions.SectionName, typeof(OrleansOptions), invalid.Failures);
        }

        // An owner value is name/address@generation, and the session list's silo filter tells a name (every
        // generation) from an owner value (one) by the '/': a name with one would be neither.
        var siloName = configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>()?.Name;
        if (siloName is not null && !SessionOwner.IsSiloName(siloName))
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions),
                [$"Silo:Name must not contain '{SessionOwner.NameSeparator}' (was '{siloName}'): it separates the name from the address in the owner value sessions show."]);
        }

        services.AddSingleton(orleans);
        var auth = services.AddSessionGridSecurity(configuration);
        services.AddSessionGridRateLimiting(configuration);
        services.AddSessionGridMetrics(configuration, GatewayMetrics.MeterName);
        var httpAddress = HttpListenAddress.Resolve(configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions(), auth);
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName));
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection(SiloOptions.SectionName));
        var endpoints = new SiloEndpoints();
        services.AddSingleton(endpoints);
        services.TryAddSingleton(static sp => CreateIdentity(sp));
        var postgres = PostgresConnectionString(configuration);
        if (postgres is not null)
        {
            services.AddSessionGridPostgres(postgres);
            services.TryAddSingleton(StorageMode.Postgres(PostgresServiceCollectionExtensions.Describe(postgres)));
        }

        services.TryAddSingleton(StorageMode.Memory);
        var redis = SiloClustering.RedisConnectionString(configuration);
        var clustering = SiloClustering.Choose(redis, postgres);
        services.AddSingleton(clustering);
        services.AddSessionGrains(configuration);
        services.AddSessionGridGateway(configuration);
        services.AddSessionGridApi(configuration);
        var dashboard = configuration.GetSection(OrleansDashboardOptions.SectionName).Get<OrleansDashboardOptions>() ?? new OrleansDashboardOptions();
        dashboard.ThrowIfInvalid();

        builder.UseOrleans(silo =>
        {
            if (dashboard.Enabled)
            {
                // Its grain profiler runs only while someone has the dashboard open (off after a minute without queries).
                silo.AddDashboard(options =>
                {
                    options.HideTrace = !dashboard.ShowTrace;
                    options.CounterUpdateIntervalMs = (int)dashboard.SampleInterval.TotalMilliseconds;
                });
            }

            SiloClustering.Configure(silo, redis, orleans, configuration);
            silo.AddSiloLoadService();
            silo.Configure<GrainCollectionOptions>(configuration.GetSection("Runtime"));
            silo.Configure<Orleans.Hosting.ReminderOptions>(configuration.GetSection("Reminders"));
            if (postgres is null)
            {
                silo.AddMemoryGrainStorageAsDefault();
                silo.UseInMemoryReminderService();
            }
            else
            {
                // Durable reminders and any other grain state on the same database (migration 0003),
                // through the data source the session store uses. The migrations run first: their
                // hosted service is registered before Orleans'.
                silo.UsePostgresReminders(postgres);
                silo.AddPostgresGrainStorageAsDefault(postgres);
            }
        });

        services.AddHealthChecks()
            .AddCheck<RuntimeHealthCheck>("runtime")
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<GatewayHealthCheck>("gateway");
        services.AddHostedService<SiloStartupLog>();
        builder.AddSessionGridDashboard();

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var gateway = context.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
            var http = context.Configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();
            kestrel.Listen(ParseAddress(gateway.ListenAddress, "Gateway:ListenAddress"), gateway.Port, listen =>
            {
                listen.UseSessionGridGateway();
                endpoints.GatewayListen = listen;
            });
            kestrel.Listen(httpAddress, http.Port, listen => endpoints.HttpListen = listen);
        });

        var app = builder.Build();
        app.UseSessionGridSecurity();
        app.MapSessionGridApi();
        if (dashboard.Enabled)
        {
            app.MapOrleansDashboard(OrleansDashboardOptions.Path).RequireAuthorization(ApiPolicies.Operator);
        }

        app.MapSessionGridDashboard();
        return app;
    }
    /// <summary><c>ConnectionStrings:Postgres</c>, else the <c>SESSIONGRID_POSTGRES</c> environment variable; null for the embedded default.</summary>
    private static string? PostgresConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration["SESSIONGRID_POSTGRES"];
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    private static SiloIdentity CreateIdentity(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<SiloOptions>>().Value.Name;
        var gatewayPort = services.GetRequiredService<IOptions<GatewayOptions>>().Value.Port;
        var name = string.IsNullOrWhiteSpace(configured) ? $"{Environment.MachineName}:{gatewayPort}" : configured;
        return new SiloIdentity(name, TimeProvider.System.GetUtcNow());
    }

    internal static IPAddress ParseAddress(string value, string key)
        => IPAddress.TryParse(value, out var address)
            ? address
            : throw new OptionsValidationException(key, typeof(string), [$"{key} must be an IP address (was '{value}')."]);
}
