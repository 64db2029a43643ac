namespace SessionGrid.Grains.Cluster;

/// <summary>
/// What <c>sessions.owner_silo</c> holds: the silo's name and its Orleans address with generation
/// (<c>name/ip:port@generation</c>), so a restarted silo with the same name and port is another owner.
/// </summary>
public static class SessionOwner
{
    /// <summary>Ends the silo's name in an owner value; a silo name never contains it.</summary>
    public const char NameSeparator = '/';

    public static string Format(string siloName, SiloAddress address) => $"{siloName}{NameSeparator}{address.ToParsableString()}";

    /// <summary>
    /// Whether a session owned by <paramref name="owner"/> belongs to <paramref name="silo"/>: a silo name
    /// (no <see cref="NameSeparator"/>) takes every generation of that name, since operators think in names and
    /// a restarted silo is a new generation; a full owner value takes exactly that owner. Ordinal, like the
    /// byte order of the column in PostgreSQL.
    /// </summary>
    public static bool IsOwnedBy(string? owner, string silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (owner is null)
        {
            return false;
        }

        return IsSiloName(silo)
            ? owner.Length > silo.Length && owner[silo.Length] == NameSeparator && owner.StartsWith(silo, StringComparison.Ordinal)
            : string.Equals(owner, silo, StringComparison.Ordinal);
    }

    /// <summary>True for a silo name, false for an owner value (which has a <see cref="NameSeparator"/>).</summary>
    public static bool IsSiloName(string silo) => !silo.Contains(NameSeparator, StringComparison.Ordinal);
}
