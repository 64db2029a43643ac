using Orleans;

namespace SessionGrid.Postgres.Tests.Orleans;

/// <summary>A grain whose count lives in <c>[PersistentState]</c> on the default storage provider.</summary>
[Alias("SessionGrid.Postgres.Tests.Orleans.ICounterProbeGrain")]
public interface ICounterProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, and returns the new count.</summary>
    [Alias("Increment")]
    Task<int> IncrementAsync();

    [Alias("Get")]
    Task<int> GetAsync();
}
