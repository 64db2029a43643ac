using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Hosting;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

internal static class TestGrainRegistrations
{
    public static IServiceCollection Add(IServiceCollection services)
        => services
            .AddGrain<ITestGrain, TestGrain>(TestGrain.GrainType, static (router, id) => new TestGrainReference(router, id))
            .AddGrain<ITimerGrain, TimerGrain>(TimerGrain.GrainType, static (router, id) => new TimerGrainReference(router, id))
            .AddGrain<IStatefulGrain, StatefulGrain>(StatefulGrain.GrainType, static (router, id) => new StatefulGrainReference(router, id));
}
