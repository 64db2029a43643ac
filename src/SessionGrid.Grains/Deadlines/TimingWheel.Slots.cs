namespace SessionGrid.Grains.Deadlines;

/// <summary>
/// The rings themselves, all under the wheel lock: processing a slot, re-slotting or firing an
/// entry, and the intrusive list operations.
/// </summary>
public sealed partial class TimingWheel
{
    private void ProcessSlot(TimingWheelEntry?[] ring, int index, long tick)
    {
        var entry = ring[index];
        while (entry is not null)
        {
            var next = entry.Next;

            // Not this slot's turn yet (a later revolution) and not pulled earlier: it stays, untouched.
            var slotTick = Volatile.Read(ref entry.SlotTick);
            if (slotTick > tick && Volatile.Read(ref entry.DueTick) >= slotTick)
            {
                entry = next;
                continue;
            }

            // Anything Visit links back into this slot goes in at the head, behind us: not seen twice.
            Unlink(entry);
            Visit(entry, tick);
            entry = next;
        }
    }

    private void Visit(TimingWheelEntry entry, long tick)
    {
        while (true)
        {
            var due = Volatile.Read(ref entry.DueTick);
            if (due > tick)
            {
                // Pushed later, or cascading: slot it by its real deadline. A racing push may have
                // set an earlier deadline than the one we read (never earlier than the old slot);
                // if it is now before the new slot, go round again.
                var previous = entry.SlotTick;
                Place(entry, due, tick);
                if (entry.SlotTick != previous)
                {
                    _movedTotal++;
                }

                if (Volatile.Read(ref entry.DueTick) >= entry.SlotTick)
                {
                    return;
                }

                Unlink(entry);
                continue;
            }

            Interlocked.Exchange(ref entry.State, TimingWheelEntry.Fired);
            if (Volatile.Read(ref entry.DueTick) > tick)
            {
                // A push landed between our read and the state change: honour it.
                Volatile.Write(ref entry.State, TimingWheelEntry.Armed);
                continue;
            }

            _count--;
            _firedTotal++;
            _fired.Add(entry);
            return;
        }
    }

    // Links an entry due at dueTick, with every tick up to `now` already processed: into the inner
    // ring if its tick comes within one revolution, else into the outer slot of its revolution,
    // looked at (cascaded) when that revolution starts, which is never after the deadline.
    private void Place(TimingWheelEntry entry, long dueTick, long now)
    {
        var tick = Math.Max(dueTick, now + 1);
        if (tick - now <= _slots.Length)
        {
            Link(entry, tick, outer: false);
        }
        else
        {
            Link(entry, tick & ~_mask, outer: true);
        }
    }

    private void Link(TimingWheelEntry entry, long slotTick, bool outer)
    {
        // Full fence before the caller re-reads DueTick (see TryPushLater).
        Interlocked.Exchange(ref entry.SlotTick, slotTick);
        entry.Outer = outer;
        var (ring, index) = SlotOf(entry);
        var head = ring[index];
        entry.Prev = null;
        entry.Next = head;
        if (head is not null)
        {
            head.Prev = entry;
        }

        ring[index] = entry;
    }

    private void Unlink(TimingWheelEntry entry)
    {
        var (ring, index) = SlotOf(entry);
        if (entry.Prev is { } prev)
        {
            prev.Next = entry.Next;
        }
        else
        {
            ring[index] = entry.Next;
        }

        if (entry.Next is { } next)
        {
            next.Prev = entry.Prev;
        }

        entry.Next = entry.Prev = null;
    }

    private (TimingWheelEntry?[] Ring, int Index) SlotOf(TimingWheelEntry entry)
        => entry.Outer
            ? (_outer, (int)((entry.SlotTick >> _shift) & (OuterSlotCount - 1)))
            : (_slots, (int)(entry.SlotTick & _mask));
}
