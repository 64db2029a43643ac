using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

/// <summary>Runs alone: allocation is measured process-wide, so no other test may run meanwhile.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

[Collection(nameof(AllocationCollection))]
public sealed class AllocationTests
{
    [Fact]
    public async Task LocalCall_ToExistingActivation_AllocatesNothingInSteadyState()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("alloc");

        // Off xunit's synchronization context: continuations must run on the pool as in a silo.
        // Turns run on pool threads, so count allocations process-wide, not for this thread.
        var (voidCall, resultCall) = await Task.Run(async () =>
        {
            const int warmup = 20_000;
            const int calls = 200_000;
            for (var i = 0; i < warmup; i++)
            {
                await grain.PingAsync();
                await grain.EchoAsync(i);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < calls; i++)
            {
                await grain.PingAsync();
            }

            var middle = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < calls; i++)
            {
                await grain.EchoAsync(i);
            }

            var after = GC.GetTotalAllocatedBytes(precise: true);
            return ((double)(middle - before) / calls, (double)(after - middle) / calls);
        }).WaitAsync(TestTimeouts.Default * 4);

        Assert.True(voidCall < 8, $"ValueTask call allocated {voidCall:F2} bytes per call.");
        Assert.True(resultCall < 8, $"ValueTask<int> call allocated {resultCall:F2} bytes per call.");
    }
}
