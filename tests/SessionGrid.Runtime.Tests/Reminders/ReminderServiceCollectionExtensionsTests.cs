using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using Xunit;

namespace SessionGrid.Runtime.Tests.Reminders;

public sealed class ReminderServiceCollectionExtensionsTests
{
    [Fact]
    public void AddReminderCore_WithRouter_ResolvesRegistryHostedServiceAndMemoryTable()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IGrainCallRouter, FakeGrainCallRouter>()
            .AddReminderCore()
            .BuildServiceProvider();

        var registry = services.GetRequiredService<IReminderRegistry>();

        Assert.Same(registry, Assert.Single(services.GetServices<IHostedService>()));
        Assert.IsType<MemoryReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.Equal([ReminderHashRange.FullRing], services.GetRequiredService<IReminderRangeProvider>().GetLocalRanges());
        Assert.Equal(TimeSpan.FromMinutes(1), services.GetRequiredService<IOptions<ReminderOptions>>().Value.RefreshPeriod);
    }

    [Fact]
    public void AddReminderCore_TableRegisteredFirst_KeepsIt()
    {
        var table = new RecordingReminderTable();
        using var services = new ServiceCollection()
            .AddSingleton<IReminderTable>(table)
            .AddSingleton<IGrainCallRouter, FakeGrainCallRouter>()
            .AddReminderCore()
            .AddReminderCore()
            .BuildServiceProvider();

        Assert.Same(table, services.GetRequiredService<IReminderTable>());
        Assert.Single(services.GetServices<IHostedService>());
    }

    [Fact]
    public void AddReminderCore_LoadWindowShorterThanRefresh_FailsValidation()
    {
        using var services = new ServiceCollection()
            .AddReminderCore(o => o.LoadWindow = TimeSpan.FromSeconds(10))
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReminderOptions>>().Value);

        Assert.Contains(nameof(ReminderOptions.LoadWindow), error.Message);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ReminderOptionsValidator().Validate(null, new ReminderOptions()).Succeeded);
        Assert.True(new ReminderOptionsValidator().Validate(null, new ReminderOptions { MinimumPeriod = TimeSpan.Zero }).Failed);
        Assert.True(new ReminderOptionsValidator().Validate(null, new ReminderOptions { RetryBackoffMax = TimeSpan.FromMilliseconds(1) }).Failed);
    }
}
