using SessionGrid.Runtime.Core;

namespace SessionGrid.Benchmarks;

public interface IMailboxBenchGrain : IGrainWithStringKey
{
    ValueTask PingAsync();

    ValueTask<int> EchoAsync(int value);
}

/// <summary>A grain whose methods complete synchronously: what is left to measure is the runtime.</summary>
public sealed class MailboxBenchGrain : Grain, IMailboxBenchGrain
{
    private int _calls;

    public ValueTask PingAsync()
    {
        _calls++;
        return default;
    }

    public ValueTask<int> EchoAsync(int value) => new(value + _calls);
}

internal sealed class MailboxBenchGrainReference(IGrainCallRouter router, GrainId grainId) : GrainReference(router, grainId), IMailboxBenchGrain
{
    public ValueTask PingAsync() => InvokeAsync(static (IMailboxBenchGrain g, object? _) => g.PingAsync(), null);

    public ValueTask<int> EchoAsync(int value) => InvokeAsync(static (IMailboxBenchGrain g, int v) => g.EchoAsync(v), value);
}
