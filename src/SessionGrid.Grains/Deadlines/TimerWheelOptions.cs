namespace SessionGrid.Grains.Deadlines;

/// <summary>Options of the silo's deadline wheel (missed heartbeats, write-behind, leave timeouts). Checked at start-up.</summary>
public sealed class TimerWheelOptions
{
    public const string SectionName = "Timers";

    /// <summary>
    /// Tick length of the wheel: a timer fires at or after its due time and at most this much later.
    /// At least 1 ms. Default 1 second.
    /// </summary>
    public TimeSpan Resolution { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Slots in the wheel, a power of two from 16 to 4,194,304. A timer due further away than
    /// SlotCount × Resolution is stepped over once per revolution until it comes near.
    /// Default 4096 (68 minutes at 1 s).
    /// </summary>
    public int SlotCount { get; set; } = 4096;
}
