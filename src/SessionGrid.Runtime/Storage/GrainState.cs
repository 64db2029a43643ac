namespace SessionGrid.Runtime.Storage;

/// <summary>A plain <see cref="IGrainState{TState}"/> for calling an <see cref="IGrainStorage"/> directly.</summary>
public sealed class GrainState<TState> : IGrainState<TState> where TState : class, new()
{
    public TState State { get; set; } = new();

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
