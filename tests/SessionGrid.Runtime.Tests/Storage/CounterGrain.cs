using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Storage;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Write-behind, like a heartbeat.</summary>
    ValueTask IncrementAsync();

    /// <summary>Write-through, like a state transition.</summary>
    ValueTask SaveAsync(int count);

    ValueTask<int> GetAsync();

    ValueTask RemindAsync(TimeSpan dueTime);
}

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

public sealed class CounterGrainReference(IGrainCallRouter router, GrainId grainId) : GrainReference(router, grainId), ICounterGrain
{
    public ValueTask IncrementAsync() => InvokeAsync(static (ICounterGrain g, object? _) => g.IncrementAsync(), null);

    public ValueTask SaveAsync(int count) => InvokeAsync(static (ICounterGrain g, int c) => g.SaveAsync(c), count);

    public ValueTask<int> GetAsync() => InvokeAsync(static (ICounterGrain g, object? _) => g.GetAsync(), null);

    public ValueTask RemindAsync(TimeSpan dueTime) => InvokeAsync(static (ICounterGrain g, TimeSpan d) => g.RemindAsync(d), dueTime);
}
