using System.Diagnostics.CodeAnalysis;

namespace SessionGrid.Grains.Sessions;

/// <summary>Wire and API words for <see cref="SessionStatus"/>.</summary>
public static class SessionStatusNames
{
    public const string Live = "live";
    public const string Leave = "leave";
    public const string Closed = "closed";

    public static string ToWire(this SessionStatus status) => status switch
    {
        SessionStatus.Live => Live,
        SessionStatus.Leave => Leave,
        SessionStatus.Closed => Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses an API word; "alive" is accepted as "live", as on the wire.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionStatus? status)
    {
        status = text?.ToLowerInvariant() switch
        {
            Live or "alive" => SessionStatus.Live,
            Leave => SessionStatus.Leave,
            Closed => SessionStatus.Closed,
            _ => null,
        };
        return status is not null;
    }
}
