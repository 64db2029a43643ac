using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SessionGrid.Silo.Hosting;
using SessionGrid.TestKit;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>The start log says in one sentence how the API is protected.</summary>
public sealed class StartupLogTests
{
    [Fact]
    public async Task NoKey_StartLogSaysLoopbackOnlyAndOperator()
    {
        var lines = await StartAndReadLogAsync(key: null);

        var line = Assert.Single(lines, l => l.Contains("No Auth:SigningKey is set", StringComparison.Ordinal));
        Assert.Matches(@"^No Auth:SigningKey is set, so the API listens on loopback only \(127\.0\.0\.1:\d+\) and every loopback caller acts as operator; set a key of at least 32 bytes to require tokens and listen beyond loopback\.$", line);
    }

    [Fact]
    public async Task WithKey_StartLogSaysTokensAreRequired()
    {
        var lines = await StartAndReadLogAsync(KeyedSilo.Key);

        Assert.Contains("The API requires a bearer token or the sign-in cookie (issuer sessiongrid, audience sessiongrid-api); /health stays anonymous.", lines);
        Assert.DoesNotContain(lines, l => l.Contains("No Auth:SigningKey", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyCollection<string>> StartAndReadLogAsync(string? key)
    {
        var lines = new ConcurrentQueue<string>();
        var app = SiloApplication.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Port"] = "0",
                ["Gateway:ListenAddress"] = "127.0.0.1",
                ["Http:Port"] = "0",
                ["Auth:SigningKey"] = key,
                ["Http:ListenAddress"] = "127.0.0.1",
                ["Orleans:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans:GatewayPort"] = "0",
                ["Orleans:ClusterId"] = "test-" + Guid.NewGuid().ToString("N"),
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new LineCollector(lines));
        });
        await app.StartAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        return lines;
    }

    /// <summary>Keeps the formatted messages of the silo's start-up log.</summary>
    private sealed class LineCollector(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName == typeof(SiloApplication).Namespace + ".SiloStartupLog" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
