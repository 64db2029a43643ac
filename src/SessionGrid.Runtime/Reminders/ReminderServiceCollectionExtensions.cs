using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Reminders;

/// <summary>Registers durable reminders.</summary>
public static class ReminderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the reminder service (a hosted service, the <see cref="IReminderRegistry"/> and its
    /// <see cref="IReminderServiceStatistics"/>), an in-memory <see cref="IReminderTable"/> and a full-ring
    /// <see cref="IReminderRangeProvider"/>, each of the last two unless one is registered already. Needs the grain runtime's <c>IGrainCallRouter</c>. Calling it again only
    /// applies <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddReminderCore(this IServiceCollection services, Action<ReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ReminderOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IReminderTable, MemoryReminderTable>();
        services.TryAddSingleton<IReminderRangeProvider, FullRingReminderRangeProvider>();
        if (services.Any(static d => d.ServiceType == typeof(ReminderService)))
        {
            return services;
        }

        services.AddSingleton<ReminderService>();
        services.AddSingleton<IReminderRegistry>(static sp => sp.GetRequiredService<ReminderService>());
        services.AddSingleton<IReminderServiceStatistics>(static sp => sp.GetRequiredService<ReminderService>());
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<ReminderService>());
        return services;
    }
}
