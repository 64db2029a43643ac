namespace SessionGrid.Runtime.Reminders;

/// <summary>
/// A range [<see cref="Begin"/>, <see cref="End"/>) of the grain hash ring. When <see cref="End"/> is not
/// greater than <see cref="Begin"/> the range wraps past <see cref="uint.MaxValue"/>; <see cref="Begin"/>
/// equal to <see cref="End"/> is the full ring.
/// </summary>
/// <remarks>
/// In SQL, with the hash stored as a bigint: <c>hash &gt;= @begin AND hash &lt; @end</c> when begin &lt; end,
/// <c>(hash &gt;= @begin OR hash &lt; @end)</c> when begin &gt; end, no condition when they are equal.
/// </remarks>
public readonly record struct ReminderHashRange(uint Begin, uint End)
{
    public static ReminderHashRange FullRing => new(0, 0);

    public bool IsFullRing => Begin == End;

    /// <summary>True when Begin &gt; End: the range is [Begin, 2^32) plus [0, End).</summary>
    public bool Wraps => Begin > End;

    public bool Contains(uint hash)
    {
        if (Begin < End)
        {
            return hash >= Begin && hash < End;
        }

        return Begin == End || hash >= Begin || hash < End;
    }

    public override string ToString() => IsFullRing ? "[full ring]" : $"[{Begin:x8}, {End:x8})";
}
