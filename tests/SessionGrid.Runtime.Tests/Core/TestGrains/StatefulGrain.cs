using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

public sealed class CounterState
{
    public int Value { get; set; }
}

public interface IStatefulGrain : IGrainWithStringKey
{
    ValueTask<int> GetValueAsync();
}

public sealed class StatefulGrainReference(IGrainCallRouter router, GrainId grainId) : GrainReference(router, grainId), IStatefulGrain
{
    public ValueTask<int> GetValueAsync() => InvokeAsync(static (IStatefulGrain g, object? _) => g.GetValueAsync(), null);
}

/// <summary>A grain with a [PersistentState] constructor parameter; records the state value it sees on activation.</summary>
public sealed class StatefulGrain(
    [PersistentState("counter", "store")] IPersistentState<CounterState> counter,
    GrainProbe probe) : Grain, IStatefulGrain
{
    public const string GrainType = "stateful";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Record($"activate:{GetPrimaryKeyString()}:value={counter.State.Value}");
        return Task.CompletedTask;
    }

    public ValueTask<int> GetValueAsync() => new(counter.State.Value);
}
