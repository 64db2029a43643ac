using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;

namespace SessionGrid.Benchmarks;

/// <summary>
/// A local call round trip to an existing activation: pooled call item, mailbox enqueue, a pool hop
/// to run the turn, a pool hop back to the caller. Both should report 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class MailboxBenchmarks
{
    private const int CallsPerInvoke = 1_000;

    private ServiceProvider? _services;
    private IHostedService[] _hosted = [];
    private IMailboxBenchGrain _grain = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection()
            .AddGrainRuntime()
            .AddGrain<IMailboxBenchGrain, MailboxBenchGrain>("bench", static (router, id) => new MailboxBenchGrainReference(router, id));
        _services = services.BuildServiceProvider();
        _hosted = [.. _services.GetServices<IHostedService>()];
        foreach (var hosted in _hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        _grain = _services.GetRequiredService<IGrainFactory>().GetGrain<IMailboxBenchGrain>("b");
        await _grain.PingAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var hosted in _hosted.Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services!.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public async Task CallValueTask()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            await _grain.PingAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public async Task<int> CallValueTaskOfT()
    {
        var sum = 0;
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            sum += await _grain.EchoAsync(i);
        }

        return sum;
    }
}
