using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Timers;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

/// <param name="Gate">When set, each tick waits for this probe gate.</param>
/// <param name="Throw">When set, each tick throws after recording itself.</param>
public sealed record TimerSpec(TimeSpan DueTime, TimeSpan Period, bool KeepAlive = true, string? Gate = null, bool Throw = false);

public sealed record TimerReport(int Ticks, DateTimeOffset[] TickTimes, bool Overlapped);

public interface ITimerGrain : IGrainWithStringKey
{
    ValueTask StartTimerAsync(TimerSpec spec);

    ValueTask ChangeTimerAsync(TimeSpan dueTime, TimeSpan period);

    ValueTask StopTimerAsync();

    ValueTask<TimerReport> GetReportAsync();

    ValueTask BlockAsync(string gate);
}

public sealed class TimerGrainReference(IGrainCallRouter router, GrainId grainId) : GrainReference(router, grainId), ITimerGrain
{
    public ValueTask StartTimerAsync(TimerSpec spec) => InvokeAsync(static (ITimerGrain g, TimerSpec s) => g.StartTimerAsync(s), spec);

    public ValueTask ChangeTimerAsync(TimeSpan dueTime, TimeSpan period)
        => InvokeAsync(static (ITimerGrain g, (TimeSpan Due, TimeSpan Period) a) => g.ChangeTimerAsync(a.Due, a.Period), (dueTime, period));

    public ValueTask StopTimerAsync() => InvokeAsync(static (ITimerGrain g, object? _) => g.StopTimerAsync(), null);

    public ValueTask<TimerReport> GetReportAsync() => InvokeAsync(static (ITimerGrain g, object? _) => g.GetReportAsync(), null);

    public ValueTask BlockAsync(string gate) => InvokeAsync(static (ITimerGrain g, string v) => g.BlockAsync(v), gate);
}

/// <summary>Owns one grain timer; records ticks (tick:{key}:{n}) and whether a tick ever overlapped a call.</summary>
public sealed class TimerGrain(GrainProbe probe, TimeProvider time) : Grain, ITimerGrain
{
    public const string GrainType = "timer";

    private readonly List<DateTimeOffset> _tickTimes = [];
    private IGrainTimer? _timer;
    private TimerSpec? _spec;
    private bool _busy;
    private bool _overlapped;

    private string Key => GetPrimaryKeyString();

    public ValueTask StartTimerAsync(TimerSpec spec)
    {
        _spec = spec;
        _timer = RegisterGrainTimer(static (grain, ct) => grain.OnTickAsync(ct), this, new GrainTimerCreationOptions(spec.DueTime, spec.Period) { KeepAlive = spec.KeepAlive });
        return default;
    }

    public ValueTask ChangeTimerAsync(TimeSpan dueTime, TimeSpan period)
    {
        _timer!.Change(dueTime, period);
        return default;
    }

    public ValueTask StopTimerAsync()
    {
        _timer?.Dispose();
        return default;
    }

    public ValueTask<TimerReport> GetReportAsync() => new(new TimerReport(_tickTimes.Count, [.. _tickTimes], _overlapped));

    public async ValueTask BlockAsync(string gate)
    {
        _overlapped |= _busy;
        _busy = true;
        probe.Record($"enter:{gate}");
        await probe.Gate(gate).Task;
        _busy = false;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record($"deactivate:{Key}:{reason}");
        return Task.CompletedTask;
    }

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        _overlapped |= _busy;
        _busy = true;
        try
        {
            _tickTimes.Add(time.GetUtcNow());
            probe.Record($"tick:{Key}:{_tickTimes.Count}");
            if (_spec?.Gate is { } gate)
            {
                await probe.Gate(gate).Task;
            }

            if (_spec?.Throw == true)
            {
                throw new InvalidOperationException("Tick failed on purpose.");
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
