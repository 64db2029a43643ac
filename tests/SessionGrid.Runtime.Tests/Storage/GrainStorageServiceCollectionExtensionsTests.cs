using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

public sealed class GrainStorageServiceCollectionExtensionsTests
{
    [Fact]
    public void AddGrainStorageCore_NothingElse_ResolvesFlusherFactoryAndMemoryDefault()
    {
        using var services = new ServiceCollection().AddGrainStorageCore().BuildServiceProvider();

        var flusher = services.GetRequiredService<IStateFlusher>();
        Assert.Same(flusher, services.GetRequiredService<IStateFlusherStatistics>());
        Assert.Same(flusher, Assert.Single(services.GetServices<IHostedService>()));
        Assert.NotNull(services.GetRequiredService<IPersistentStateFactory>());
        Assert.Same(
            services.GetRequiredKeyedService<MemoryGrainStorage>(GrainStorageNames.Default),
            services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.Equal(TimeSpan.FromSeconds(5), services.GetRequiredService<IOptions<PersistenceOptions>>().Value.MaxStaleness);
    }

    [Fact]
    public void AddGrainStorageCore_DefaultProviderRegisteredFirst_KeepsIt()
    {
        var custom = new MemoryGrainStorage();
        var collection = new ServiceCollection();
        collection.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, custom);

        using var services = collection.AddGrainStorageCore().BuildServiceProvider();

        Assert.Same(custom, services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
    }

    [Fact]
    public void AddGrainStorageCore_CalledTwice_OneFlusherAndBothConfigurations()
    {
        using var services = new ServiceCollection()
            .AddGrainStorageCore(o => o.MaxBatchSize = 10)
            .AddGrainStorageCore(o => o.MaxPendingWrites = 20)
            .BuildServiceProvider();

        Assert.Single(services.GetServices<IHostedService>());
        var options = services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
        Assert.Equal(10, options.MaxBatchSize);
        Assert.Equal(20, options.MaxPendingWrites);
    }

    [Fact]
    public void AddGrainStorageCore_InvalidOptions_FailsValidation()
    {
        using var services = new ServiceCollection().AddGrainStorageCore(o => o.MaxBatchSize = 0).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PersistenceOptions>>().Value);

        Assert.Contains(nameof(PersistenceOptions.MaxBatchSize), error.Message);
    }

    [Theory]
    [InlineData(nameof(PersistenceOptions.MaxStaleness))]
    [InlineData(nameof(PersistenceOptions.MaxPendingWrites))]
    [InlineData(nameof(PersistenceOptions.RetryBackoffInitial))]
    [InlineData(nameof(PersistenceOptions.RetryBackoffMax))]
    [InlineData(nameof(PersistenceOptions.SnapshotTimeout))]
    public void Validate_OneBadSetting_NamesIt(string setting)
    {
        var options = new PersistenceOptions();
        switch (setting)
        {
            case nameof(PersistenceOptions.MaxStaleness): options.MaxStaleness = TimeSpan.Zero; break;
            case nameof(PersistenceOptions.MaxPendingWrites): options.MaxPendingWrites = 0; break;
            case nameof(PersistenceOptions.RetryBackoffInitial): options.RetryBackoffInitial = TimeSpan.Zero; break;
            case nameof(PersistenceOptions.RetryBackoffMax): options.RetryBackoffMax = TimeSpan.FromMilliseconds(1); break;
            case nameof(PersistenceOptions.SnapshotTimeout): options.SnapshotTimeout = TimeSpan.Zero; break;
        }

        var result = new PersistenceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage);
        Assert.True(new PersistenceOptionsValidator().Validate(null, new PersistenceOptions()).Succeeded);
    }
}
