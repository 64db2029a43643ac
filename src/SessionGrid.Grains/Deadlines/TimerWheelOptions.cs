namespace SessionGrid.Grains.Deadlines;

/// <summary>Options of the silo's deadline wheel (missed heartbeats, write-behind, leave timeouts). Checked at start-up.</summary>
public sealed class TimerWheelOptions
{
    public const string SectionName = "Timers";

    /// <summary>
    /// Tick length of the wheel: a timer fires at or after its due time and at most this much later.
    /// At least 1 ms. Default 250 ms: a silent client is declared leave within a second of its miss
    /// deadline even when the transition's write to PostgreSQL follows. A tick costs a timer wake-up plus
    /// the deadlines that fire or come up, whatever the tick length.
    /// </summary>
    public TimeSpan Resolution { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Slots in the wheel, a power of two from 16 to 4,194,304. A timer due further away than
    /// SlotCount × Resolution is stepped over once per revolution until it comes near.
    /// Default 16384 (68 minutes at 250 ms).
    /// </summary>
    public int SlotCount { get; set; } = 16384;
}
