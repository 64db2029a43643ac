namespace SessionGrid.Benchmarks.Tests;

/// <summary>
/// Tests that start in-process silos run one at a time: a memory breakdown walks everything reachable,
/// timer queues included, so another test's silo running beside it shows up in its figures (and makes
/// the walk crawl on two cores).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessSilos
{
    public const string Name = "In-process silos";
}
