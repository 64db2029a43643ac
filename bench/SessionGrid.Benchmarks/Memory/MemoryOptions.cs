namespace SessionGrid.Benchmarks.Memory;

/// <summary>Options of the <c>memory</c> command (see <see cref="MemoryCommand.Usage"/>).</summary>
internal sealed class MemoryOptions
{
    /// <summary>Sessions measured. Default 1,000,000.</summary>
    public int Sessions { get; set; } = 1_000_000;

    /// <summary>Store the grains write to. Default <see cref="SessionStore.Discard"/>.</summary>
    public SessionStore Store { get; set; } = SessionStore.Discard;

    /// <summary>
    /// Sessions activated before the baseline sample, so JIT, pools and the bounded event ring are
    /// already warm and do not count as per-session bytes. Default 10,000 (the event ring's size).
    /// </summary>
    public int Warmup { get; set; } = 10_000;

    /// <summary>
    /// After the fleet is up, let the silo run this long (no forced trim) and read RSS again: what a running
    /// silo keeps once its GC has handed back what the activation burst left committed. Default zero (off).
    /// </summary>
    public TimeSpan Running { get; set; }

    /// <summary>Activations in flight while activating. Default 1,000.</summary>
    public int Concurrency { get; set; } = 1_000;

    /// <summary>
    /// Instead of process figures at scale, walk every object reachable from the silo before and
    /// after <see cref="Sessions"/> more sessions and report bytes per session by type. Default off.
    /// </summary>
    public bool Breakdown { get; set; }

    /// <summary>Also write the result as JSON to this path; "-" for stdout. Default none.</summary>
    public string? JsonPath { get; set; }
}
