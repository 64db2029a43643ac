using Orleans;

namespace SessionGrid.Postgres.Tests.Orleans;

[GenerateSerializer, Alias("SessionGrid.Postgres.Tests.Orleans.CounterProbeState")]
public sealed class CounterProbeState
{
    [Id(0)]
    public int Count { get; set; }
}
