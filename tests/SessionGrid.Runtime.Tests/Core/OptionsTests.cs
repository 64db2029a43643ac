using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Timers;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

public sealed class OptionsTests
{
    [Fact]
    public void GrainRuntimeOptions_Defaults_AreValid()
    {
        var options = new GrainRuntimeOptions();

        Assert.True(new GrainRuntimeOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(15), options.CollectionAge);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CollectionQuantum);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TurnWarningThreshold);
    }

    [Theory]
    [InlineData(0, 60, 1, 30, "CollectionAge")]
    [InlineData(900, 0, 1, 30, "CollectionQuantum")]
    [InlineData(60, 120, 1, 30, "must not exceed CollectionAge")]
    [InlineData(900, 60, 0, 30, "TurnWarningThreshold")]
    [InlineData(900, 60, 1, -1, "DeactivationTimeout")]
    public void GrainRuntimeOptionsValidator_InvalidValue_FailsNamingTheSetting(int ageSeconds, int quantumSeconds, int warnSeconds, int deactivationSeconds, string expected)
    {
        var options = new GrainRuntimeOptions
        {
            CollectionAge = TimeSpan.FromSeconds(ageSeconds),
            CollectionQuantum = TimeSpan.FromSeconds(quantumSeconds),
            TurnWarningThreshold = TimeSpan.FromSeconds(warnSeconds),
            DeactivationTimeout = TimeSpan.FromSeconds(deactivationSeconds),
        };

        var result = new GrainRuntimeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 4096, "Resolution")]
    [InlineData(0, 4096, "Resolution")]
    [InlineData(1_000_000, 1000, "power of two")]
    [InlineData(1_000_000, 8, "power of two")]
    public void TimerWheelOptionsValidator_InvalidValue_FailsNamingTheSetting(long resolutionTicks, int slotCount, string expected)
    {
        var result = new TimerWheelOptionsValidator().Validate(null, new TimerWheelOptions { Resolution = TimeSpan.FromTicks(resolutionTicks), SlotCount = slotCount });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGrainRuntime_InvalidOptions_FailsWhenTheRuntimeIsResolved()
    {
        using var provider = new ServiceCollection()
            .AddGrainRuntime(o => o.CollectionAge = TimeSpan.Zero)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IGrainFactory>());

        Assert.Contains("CollectionAge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddGrainRuntime_CalledTwice_RegistersOneHostedServiceAndKeepsAGivenTimeProvider()
    {
        var clock = new SessionGrid.TestKit.ManualTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock).AddGrainRuntime().AddGrainRuntime();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>());
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}
