using SessionGrid.Runtime.Core;

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
