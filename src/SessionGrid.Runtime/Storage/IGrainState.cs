namespace SessionGrid.Runtime.Storage;

/// <summary>The state, version and existence of one record, as exchanged with an <see cref="IGrainStorage"/>.</summary>
public interface IGrainState<TState> where TState : class, new()
{
    TState State { get; set; }

    /// <summary>The stored version as a string ("1", "2", ...); null when no record exists.</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}
