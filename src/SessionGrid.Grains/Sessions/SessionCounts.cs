namespace SessionGrid.Grains.Sessions;

/// <summary>
/// Stored sessions by status (every status present, 0 when none), and by owner silo then status
/// (sessions no silo has claimed yet under <see cref="Unowned"/>).
/// </summary>
public sealed record SessionCounts(IReadOnlyDictionary<string, long> ByStatus, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> BySilo)
{
    /// <summary>The silo key of sessions without an owner.</summary>
    public const string Unowned = "";

    /// <summary>Builds the counts from (owner silo, status, count) groups.</summary>
    public static SessionCounts From(IEnumerable<(string? Silo, string Status, long Count)> groups)
    {
        var byStatus = NewStatusCounts();
        var bySilo = new SortedDictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (silo, status, count) in groups)
        {
            byStatus[status] += count;
            var key = silo ?? Unowned;
            if (!bySilo.TryGetValue(key, out var counts))
            {
                bySilo[key] = counts = NewStatusCounts();
            }

            counts[status] += count;
        }

        return new SessionCounts(byStatus, bySilo.ToDictionary(static p => p.Key, static p => (IReadOnlyDictionary<string, long>)p.Value, StringComparer.Ordinal));
    }

    private static Dictionary<string, long> NewStatusCounts() => new(StringComparer.Ordinal)
    {
        [SessionStatusNames.Live] = 0,
        [SessionStatusNames.Leave] = 0,
        [SessionStatusNames.Closed] = 0,
    };
}
