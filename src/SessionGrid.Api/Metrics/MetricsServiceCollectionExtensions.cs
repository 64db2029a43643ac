using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SessionGrid.Api.Health;
using SessionGrid.Api.Security;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Api.Metrics;

/// <summary>
/// OpenTelemetry metrics from SessionGrid's meters and Orleans' own: scraped as Prometheus text at
/// <c>/metrics</c>, and pushed over OTLP when <c>OpenTelemetry:OtlpEndpoint</c> is set.
/// </summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>Orleans' meter (messaging, grains, catalog, membership); its instruments are observed, not paid per call.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <param name="meters">Further meters to export (the gateway's), beside sessions, storage and (unless <c>Metrics:IncludeOrleans</c> is false) Orleans.</param>
    public static IServiceCollection AddSessionGridMetrics(this IServiceCollection services, IConfiguration configuration, params string[] meters)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otel = configuration.GetSection(OpenTelemetryOptions.SectionName).Get<OpenTelemetryOptions>() ?? new OpenTelemetryOptions();
        var failures = new List<string>();
        if (otel.OtlpProtocol is not ("grpc" or "http"))
        {
            failures.Add($"OpenTelemetry:OtlpProtocol must be grpc or http (was '{otel.OtlpProtocol}').");
        }

        if (otel.OtlpEndpoint is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
        {
            failures.Add($"OpenTelemetry:OtlpEndpoint must be an absolute http or https URL (was '{otel.OtlpEndpoint}').");
        }

        if (otel.ExportInterval < TimeSpan.FromMilliseconds(100) || otel.ExportInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"OpenTelemetry:ExportInterval must be from 100 ms to 1 hour (was {otel.ExportInterval}).");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(OpenTelemetryOptions.SectionName, typeof(OpenTelemetryOptions), failures);
        }

        // Health components as a gauge: the publisher runs every check each HealthMetrics.Period.
        services.AddSingleton<HealthMetrics>();
        services.AddSingleton<IHealthCheckPublisher>(static sp => sp.GetRequiredService<HealthMetrics>());
        services.Configure<HealthCheckPublisherOptions>(static options =>
        {
            options.Delay = TimeSpan.FromSeconds(1);
            options.Period = HealthMetrics.Period;
        });
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName));
        var includeOrleans = (configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions()).IncludeOrleans;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("sessiongrid"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([SessionMetrics.MeterName, SessionStorageMetrics.MeterName, HealthMetrics.MeterName, .. meters]);
                if (includeOrleans)
                {
                    metrics.AddMeter(OrleansMeterName);
                }

                metrics.AddPrometheusExporter();
                if (otel.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = endpoint;
                        exporter.Protocol = otel.OtlpProtocol == "http" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otel.ExportInterval.TotalMilliseconds;
                    });
                }
            });
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text): viewer or operator, unless <c>Metrics:AllowAnonymous</c>.</summary>
    public static IEndpointRouteBuilder MapSessionGridMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var scrape = endpoints.MapPrometheusScrapingEndpoint("/metrics");
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowAnonymous)
        {
            scrape.AllowAnonymous();
        }
        else
        {
            scrape.RequireAuthorization(ApiPolicies.Viewer);
        }

        return endpoints;
    }
}
