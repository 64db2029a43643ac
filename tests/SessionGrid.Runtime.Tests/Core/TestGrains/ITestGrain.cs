using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

public interface ITestGrain : IGrainWithStringKey
{
    ValueTask PingAsync();

    ValueTask<int> EchoAsync(int value);

    ValueTask<Guid> GetActivationIdAsync();

    ValueTask AppendAsync(int value);

    ValueTask<int[]> GetAppendedAsync();

    /// <summary>Records enter:{gate}, waits for the probe gate, records exit:{gate}.</summary>
    ValueTask BlockAsync(string gate);

    ValueTask RecordAsync(string name);

    ValueTask ThrowAsync(string message);

    ValueTask ThrowSynchronouslyAsync(string message);

    ValueTask DeactivateAsync();

    ValueTask SetKeepAliveAsync(bool keepAlive);

    /// <summary>Moves the manual clock inside the turn, so the turn appears to take that long.</summary>
    ValueTask AdvanceClockAsync(TimeSpan delta);

    ValueTask CallSelfWithoutWaitingAsync();
}

/// <summary>Reached by grain id only, like the reminder service reaches IRemindable.</summary>
public interface IPokeable : IGrain
{
    Task PokeAsync(string why);
}

/// <summary>Implemented by no grain class: calls through it must fail cleanly.</summary>
public interface IUnrelatedGrain : IGrain
{
    ValueTask NeverAsync();
}
