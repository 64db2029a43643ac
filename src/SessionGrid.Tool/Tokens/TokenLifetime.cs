using System.Globalization;

namespace SessionGrid.Tool.Tokens;

/// <summary>Parses <c>--expires</c>: a whole number and a unit, <c>30m</c>, <c>1h</c>, <c>2d</c>.</summary>
internal static class TokenLifetime
{
    /// <summary>Longest lifetime accepted: a leaked token should not outlive a year.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(366);

    public const string Help = "a whole number followed by s, m, h or d (e.g. 30m, 1h, 2d), at most 366d";

    public static bool TryParse(string text, out TimeSpan lifetime)
    {
        lifetime = default;
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }

        var unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        };
        if (unit == TimeSpan.Zero || count > Maximum.Ticks / unit.Ticks)
        {
            return false;
        }

        lifetime = TimeSpan.FromTicks(count * unit.Ticks);
        return lifetime <= Maximum;
    }
}
