using Orleans;
using Orleans.Runtime;

namespace SessionGrid.Postgres.Tests.Orleans;

public sealed class ReminderProbeGrain(ReminderFirings firings) : Grain, IReminderProbeGrain, IRemindable
{
    public Task RegisterAsync(string reminderName, TimeSpan dueTime, TimeSpan period)
        => this.RegisterOrUpdateReminder(reminderName, dueTime, period);

    public async Task UnregisterAsync(string reminderName)
    {
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"no reminder '{reminderName}' to unregister");
        await this.UnregisterReminder(reminder);
    }

    public async Task<string?> GetAsync(string reminderName) => (await this.GetReminder(reminderName))?.ReminderName;

    public async Task<string[]> ListAsync()
        => [.. (await this.GetReminders()).Select(r => r.ReminderName).Order(StringComparer.Ordinal)];

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        firings.Record(this.GetPrimaryKeyString(), reminderName);
        return Task.CompletedTask;
    }
}
