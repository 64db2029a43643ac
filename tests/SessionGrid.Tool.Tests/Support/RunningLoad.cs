using SessionGrid.Tool.LoadGen;
using SessionGrid.Tool.LoadGen.Summary;

namespace SessionGrid.Tool.Tests.Support;

/// <summary>
/// A <see cref="LoadGenerator"/> running in the background until the test stops it; disposing stops
/// it too, so a failed assertion never leaves clients running into the next test.
/// </summary>
internal sealed class RunningLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<LoadSummary> _run;

    private RunningLoad(LoadGenOptions options)
    {
        Generator = new LoadGenerator(options);
        _run = Generator.RunAsync(_stop.Token);
    }

    public LoadGenerator Generator { get; }

    public LoadStats Stats => Generator.Stats;

    public static RunningLoad Start(LoadGenOptions options) => new(options);

    /// <summary>Options for a short real-clock run against <paramref name="gateway"/>: 1 s heartbeats, misbehaviour after 0.5 s, until stopped.</summary>
    public static LoadGenOptions Options(System.Net.IPEndPoint gateway, string idPrefix, Action<LoadGenOptions>? configure = null)
    {
        var options = new LoadGenOptions
        {
            Target = gateway.ToString(),
            Clients = 2,
            Ramp = 1000,
            Interval = 1,
            Jitter = 0.1,
            Duration = 0,
            MisbehaveAfter = 0.5,
            IdPrefix = idPrefix,
            NoProgress = true,
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Stops the run (healthy clients say bye) and returns its summary.</summary>
    public Task<LoadSummary> StopAsync()
    {
        _stop.Cancel();
        return _run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
