using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Storage;

/// <summary>A grain with persistent state that also takes reminders, for tests through the real runtime.</summary>
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<TestState> state) : Grain, ICounterGrain, IRemindable
{
    public ValueTask IncrementAsync()
    {
        state.State.Count++;
        state.MarkDirty();
        return ValueTask.CompletedTask;
    }

    public async ValueTask SaveAsync(int count)
    {
        state.State.Count = count;
        await state.WriteStateAsync();
    }

    public ValueTask<int> GetAsync() => ValueTask.FromResult(state.State.Count);

    public async ValueTask RemindAsync(TimeSpan dueTime) => await RegisterOrUpdateReminderAsync("wake", dueTime, TimeSpan.Zero);

    public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        state.State.Name = reminderName;
        state.State.Count += 100;
        await state.WriteStateAsync();
    }
}
