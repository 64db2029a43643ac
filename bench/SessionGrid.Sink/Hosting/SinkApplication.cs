using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.Sink.Connections;

namespace SessionGrid.Sink.Hosting;

/// <summary>
/// Composes the sink the way <c>SiloApplication</c> composes a silo (WebApplication, one Kestrel
/// endpoint for frames with a ConnectionHandler, one for HTTP, same configuration sources and GC
/// settings), so the benchmark compares the silo's work per frame and not two hosting styles.
/// </summary>
public static class SinkApplication
{
    /// <exception cref="OptionsValidationException">A <c>Sink</c> setting is invalid; the message names it.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // In code, not appsettings.json: the sink ships beside the silo in test outputs, and two
        // appsettings.json files in one folder would overwrite each other.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);

        // Validated here, not at start: Kestrel's endpoints are built from these values below.
        var options = Bind(builder.Configuration);
        var validation = new SinkOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SinkOptions.SectionName, typeof(SinkOptions), validation.Failures);
        }

        var endpoints = new SinkEndpoints();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddSingleton<SinkCounters>();
        builder.Services.AddHostedService<SinkStartupLog>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port, listen =>
            {
                listen.UseConnectionHandler<SinkConnectionHandler>();
                endpoints.FramesListen = listen;
            });
            kestrel.Listen(IPAddress.Parse(options.HttpListenAddress), options.HttpPort, listen => endpoints.HttpListen = listen);
        });

        var app = builder.Build();
        app.MapGet("/stats", static (SinkCounters counters) => counters.Snapshot());
        return app;
    }

    private static SinkOptions Bind(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(SinkOptions.SectionName).Get<SinkOptions>() ?? new SinkOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            throw new OptionsValidationException(SinkOptions.SectionName, typeof(SinkOptions), [ex.Message]);
        }
    }
}
