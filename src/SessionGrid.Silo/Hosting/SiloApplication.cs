using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionGrid.Api;
using SessionGrid.Gateway.Hosting;
using SessionGrid.Grains.Hosting;
using SessionGrid.Postgres.Hosting;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;
using SessionGrid.Silo.Health;

namespace SessionGrid.Silo.Hosting;

/// <summary>
/// Composes a silo: runtime, storage, reminders, session grains, gateway and API. The executable
/// and the end-to-end tests build the same application; tests only add configuration (port 0)
/// and services (a manual clock) through <paramref name="configure"/>.
/// </summary>
public static class SiloApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName));
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection(SiloOptions.SectionName));
        var endpoints = new SiloEndpoints();
        services.AddSingleton(endpoints);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => CreateIdentity(sp));
        if (PostgresConnectionString(configuration) is { } postgres)
        {
            // Before the storage core: its hosted services (flusher, reminders) start after the migrations.
            services.AddSessionGridPostgres(postgres);
            services.TryAddSingleton(StorageMode.Postgres(PostgresServiceCollectionExtensions.Describe(postgres)));
        }

        services.TryAddSingleton(StorageMode.Memory);

        // Hosted services stop in reverse order: the runtime (registered last of the three) deactivates
        // every grain while reminders and the flusher still run, and the flusher writes last.
        services.AddGrainStorageCore(o => configuration.GetSection("Persistence").Bind(o));
        services.AddReminderCore(o => configuration.GetSection("Reminders").Bind(o));
        services.AddGrainRuntime(o => configuration.GetSection("Runtime").Bind(o));
        services.AddOptions<Runtime.Timers.TimerWheelOptions>().Bind(configuration.GetSection("Timers"));
        services.AddSessionGrains(configuration);
        services.AddSessionGridGateway(configuration);
        services.AddHealthChecks()
            .AddCheck<RuntimeHealthCheck>("runtime")
            .AddCheck<StorageHealthCheck>("storage")
            .AddCheck<GatewayHealthCheck>("gateway");
        services.AddHostedService<SiloStartupLog>();

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var gateway = context.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
            var http = context.Configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();
            kestrel.Listen(ParseAddress(gateway.ListenAddress, "Gateway:ListenAddress"), gateway.Port, listen =>
            {
                listen.UseSessionGridGateway();
                endpoints.GatewayListen = listen;
            });
            kestrel.Listen(ParseAddress(http.ListenAddress, "Http:ListenAddress"), http.Port, listen => endpoints.HttpListen = listen);
        });

        var app = builder.Build();
        app.MapSessionGridApi();
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
        return new SiloIdentity(name, services.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    private static IPAddress ParseAddress(string value, string key)
        => IPAddress.TryParse(value, out var address)
            ? address
            : throw new OptionsValidationException(key, typeof(string), [$"{key} must be an IP address (was '{value}')."]);
}
