using Orleans;
using Orleans.Runtime;

namespace SessionGrid.Postgres.Tests.Orleans;

public sealed class CounterProbeGrain(
    [PersistentState(CounterProbeGrain.StateName)] IPersistentState<CounterProbeState> state) : Grain, ICounterProbeGrain
{
    /// <summary>Rows are keyed by state name, not grain class, so each class has its own.</summary>
    public const string StateName = "counter-probe";

    public async Task<int> IncrementAsync()
    {
        state.State.Count++;
        await state.WriteStateAsync();
        return state.State.Count;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Count);
}
