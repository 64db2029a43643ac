using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Tests.Storage;

namespace SessionGrid.Runtime.Tests.Reminders;

/// <summary>Reminder services over one recording table, a fake router and fake time.</summary>
internal sealed class ReminderHarness : IAsyncDisposable
{
    private readonly List<ReminderService> _services = [];

    public ReminderHarness()
    {
        // Distinct durations, so a test can tell which timer was armed.
        Options = new ReminderOptions
        {
            RefreshPeriod = TimeSpan.FromMinutes(5),
            LoadWindow = TimeSpan.FromMinutes(10),
            MinimumPeriod = TimeSpan.FromMinutes(1),
            RetryBackoffInitial = TimeSpan.FromSeconds(3),
            RetryBackoffMax = TimeSpan.FromSeconds(30),
        };
    }

    public ReminderOptions Options { get; }

    public ObservableTimeProvider Time { get; } = new();

    public RecordingReminderTable Table { get; } = new();

    public FakeGrainCallRouter Router { get; } = new();

    public ReminderService CreateService(IReminderRangeProvider? ranges = null)
    {
        var service = new ReminderService(
            Table,
            Router,
            ranges ?? new FullRingReminderRangeProvider(),
            Microsoft.Extensions.Options.Options.Create(Options),
            Time,
            NullLogger<ReminderService>.Instance);
        _services.Add(service);
        return service;
    }

    public async Task<ReminderService> StartServiceAsync(IReminderRangeProvider? ranges = null)
    {
        var service = CreateService(ranges);
        await service.StartAsync(CancellationToken.None);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await service.StopAsync(timeout.Token);
            service.Dispose();
        }
    }
}
