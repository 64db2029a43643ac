using Microsoft.Extensions.Hosting;

namespace SessionGrid.Grains.Deadlines;

/// <summary>Runs the silo's <see cref="TimingWheel"/> for as long as the host runs.</summary>
internal sealed class DeadlineWheelService(TimingWheel wheel) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        wheel.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        wheel.Stop();
        return Task.CompletedTask;
    }
}
