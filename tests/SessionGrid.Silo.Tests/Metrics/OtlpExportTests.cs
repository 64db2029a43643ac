using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Metrics;

/// <summary>With <c>OpenTelemetry:OtlpEndpoint</c> set, the silo pushes its metrics to a collector (here one that only records).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpoint_Http_PushesSessionGridMetrics()
    {
        var bodies = new ConcurrentQueue<(string Path, byte[] Body)>();
        await using var collector = await StartCollectorAsync(bodies);
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OpenTelemetry:OtlpEndpoint"] = $"http://127.0.0.1:{Port(collector)}/v1/metrics",
            ["OpenTelemetry:OtlpProtocol"] = "http",
            ["OpenTelemetry:ExportInterval"] = "00:00:00.200",
        });
        await using var client = await silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.8.0.1", pid: 1, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        var pushed = await Eventually.TrueAsync(() => Task.FromResult(bodies.Any(b => Contains(b.Body, "sessiongrid.sessions.transitions"))));

        Assert.True(pushed, $"{bodies.Count} pushes, none with the transitions counter");
        Assert.All(bodies, b => Assert.Equal("/v1/metrics", b.Path));
        Assert.Contains(bodies, b => Contains(b.Body, "sessiongrid.gateway.heartbeats"));
    }

    [Theory]
    [InlineData("OpenTelemetry:OtlpProtocol", "udp", "OpenTelemetry:OtlpProtocol must be grpc or http (was 'udp').")]
    [InlineData("OpenTelemetry:OtlpEndpoint", "ftp://collector:4317", "OpenTelemetry:OtlpEndpoint must be an absolute http or https URL")]
    [InlineData("OpenTelemetry:ExportInterval", "00:00:00", "OpenTelemetry:ExportInterval must be from 100 ms to 1 hour")]
    public async Task BadOtlpSettings_RefuseToStart(string key, string value, string sentence)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(sentence, error.Message, StringComparison.Ordinal);
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static int Port(WebApplication app)
        => new Uri(app.Urls.First()).Port;

    /// <summary>An OTLP/HTTP receiver that keeps every request body and answers with an empty (valid) response.</summary>
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string, byte[])> bodies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            bodies.Enqueue((context.Request.Path.Value ?? "", copy.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return app;
    }
}
