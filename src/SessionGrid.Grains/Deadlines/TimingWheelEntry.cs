namespace SessionGrid.Grains.Deadlines;

/// <summary>
/// Something the <see cref="TimingWheel"/> can hold: the links and deadline live in the entry itself
/// (an intrusive list), so scheduling allocates nothing.
/// </summary>
internal abstract class TimingWheelEntry
{
    /// <summary>Not in the wheel.</summary>
    internal const int Idle = 0;

    /// <summary>In a slot of the wheel.</summary>
    internal const int Armed = 1;

    /// <summary>Taken out by the wheel because it came due; its owner decides what next.</summary>
    internal const int Fired = 2;

    /// <summary>Never to be armed again (owner-defined; the wheel treats it like Idle).</summary>
    internal const int Disposed = 3;

    // Written under the wheel lock, except DueTick which TryPushLater writes without it.
    internal TimingWheelEntry? Next;
    internal TimingWheelEntry? Prev;
    internal long DueTick;
    internal long SlotTick;
    internal int State;

    // In the outer ring (waiting for its revolution) rather than in a one-tick slot.
    internal bool Outer;

    /// <summary>Called by the wheel, outside its lock, when the entry came due (State is <see cref="Fired"/>).</summary>
    internal abstract void OnFired();
}
