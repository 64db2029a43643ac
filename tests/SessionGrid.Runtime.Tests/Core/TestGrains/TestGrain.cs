using SessionGrid.Runtime.Core;
using SessionGrid.TestKit;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

/// <summary>The general-purpose test grain; everything it does is recorded in the <see cref="GrainProbe"/>.</summary>
public sealed class TestGrain : Grain, ITestGrain, IPokeable
{
    public const string GrainType = "test";

    private readonly GrainProbe _probe;
    private readonly TimeProvider _time;
    private readonly Guid _activationId = Guid.NewGuid();
    private readonly List<int> _appended = [];

    public TestGrain(GrainProbe probe, TimeProvider time)
    {
        _probe = probe;
        _time = time;
        if (probe.ShouldFail($"construct:{Key}"))
        {
            throw new InvalidOperationException($"Constructor of {Key} failed on purpose.");
        }

        GrainContext.AddLifecycleParticipant(new ProbeParticipant(probe, Key));
        probe.Record($"construct:{Key}");
    }

    private string Key => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _probe.Record($"activate:{Key}");
        await _probe.PassAsync($"activate:{Key}");
        if (_probe.ShouldFail($"activate:{Key}"))
        {
            throw new InvalidOperationException($"OnActivateAsync of {Key} failed on purpose.");
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _probe.Record($"deactivate:{Key}:{reason}");
        await _probe.PassAsync($"deactivate:{Key}");
    }

    public ValueTask PingAsync() => default;

    public ValueTask<int> EchoAsync(int value) => new(value);

    public ValueTask<Guid> GetActivationIdAsync() => new(_activationId);

    public ValueTask AppendAsync(int value)
    {
        _appended.Add(value);
        return default;
    }

    public ValueTask<int[]> GetAppendedAsync() => new([.. _appended]);

    public async ValueTask BlockAsync(string gate)
    {
        _probe.Record($"enter:{gate}");
        await _probe.Gate(gate).Task;
        _probe.Record($"exit:{gate}");
    }

    public ValueTask RecordAsync(string name)
    {
        _probe.Record(name);
        return default;
    }

    public async ValueTask ThrowAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public ValueTask ThrowSynchronouslyAsync(string message) => throw new InvalidOperationException(message);

    public ValueTask DeactivateAsync()
    {
        DeactivateOnIdle();
        return default;
    }

    public ValueTask SetKeepAliveAsync(bool keepAlive)
    {
        GrainContext.SetKeepAlive(keepAlive);
        return default;
    }

    public ValueTask AdvanceClockAsync(TimeSpan delta)
    {
        ((ManualTimeProvider)_time).Advance(delta);
        return default;
    }

    public ValueTask CallSelfWithoutWaitingAsync()
    {
        var self = GrainFactory.GetGrain<ITestGrain>(Key);
        _probe.Keep(self.RecordAsync($"self-call:{Key}").AsTask());
        _probe.Record($"self-call-issued:{Key}");
        return default;
    }

    public Task PokeAsync(string why)
    {
        _probe.Record($"poke:{Key}:{why}");
        return Task.CompletedTask;
    }
}
