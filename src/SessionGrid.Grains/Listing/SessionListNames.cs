using System.Diagnostics.CodeAnalysis;

namespace SessionGrid.Grains.Listing;

/// <summary>API words for <see cref="SessionSort"/> and <see cref="SortDirection"/>.</summary>
public static class SessionListNames
{
    public static readonly string[] Sorts = ["id", "last-heartbeat", "state-since", "heartbeats"];

    public static readonly string[] Directions = ["asc", "desc"];

    public static string ToWire(this SessionSort sort) => Sorts[(int)sort];

    public static string ToWire(this SortDirection direction) => Directions[(int)direction];

    public static bool TryParseSort(string? text, [NotNullWhen(true)] out SessionSort? sort)
    {
        var index = Array.IndexOf(Sorts, text);
        sort = index < 0 ? null : (SessionSort)index;
        return sort is not null;
    }

    public static bool TryParseDirection(string? text, [NotNullWhen(true)] out SortDirection? direction)
    {
        var index = Array.IndexOf(Directions, text);
        direction = index < 0 ? null : (SortDirection)index;
        return direction is not null;
    }
}
