namespace SessionGrid.Runtime.Storage;

/// <summary>
/// A grain state that copies itself, instead of the System.Text.Json round trip the runtime uses for
/// snapshots and the in-memory store. Worth it for states copied at heartbeat rate: the flusher copies
/// every dirty state once per staleness period.
/// </summary>
/// <remarks>The copy must share no mutable object with the original (immutable ones, like strings, may be shared).</remarks>
public interface IDeepCopyable
{
    /// <summary>A copy that later changes to either side never reach the other.</summary>
    object DeepCopy();
}
