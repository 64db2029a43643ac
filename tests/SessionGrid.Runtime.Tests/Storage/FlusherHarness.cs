using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>A flusher over a <see cref="CountingGrainStorage"/> on fake time, with states on fake activations.</summary>
internal sealed class FlusherHarness : IAsyncDisposable
{
    public const string StateName = "test";

    public FlusherHarness(Action<PersistenceOptions>? configure = null)
    {
        Options = new PersistenceOptions { RetryBackoffInitial = TimeSpan.FromMilliseconds(300), RetryBackoffMax = TimeSpan.FromSeconds(2) };
        configure?.Invoke(Options);
        Copier = new GrainStateCopier(Microsoft.Extensions.Options.Options.Create(new GrainStateSerializerOptions()));
        Flusher = new StateFlusher(Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<StateFlusher>.Instance);
    }

    public PersistenceOptions Options { get; }

    public ObservableTimeProvider Time { get; } = new();

    public CountingGrainStorage Storage { get; } = new();

    public GrainStateCopier Copier { get; }

    public StateFlusher Flusher { get; }

    public bool Started { get; private set; }

    public PersistentState<TestState> CreateState(string key, bool runInline = true)
        => CreateState(new FakeGrainContext(key, runInline));

    public PersistentState<TestState> CreateState(FakeGrainContext context)
    {
        var state = new PersistentState<TestState>(context, StateName, Storage, Flusher, Copier);
        context.AddLifecycleParticipant(state);
        return state;
    }

    public Task StartAsync()
    {
        Started = true;
        return Flusher.StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Storage.Failing = false;
        Storage.Release();
        if (Started)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Flusher.StopAsync(timeout.Token);
        }

        Flusher.Dispose();
    }
}
