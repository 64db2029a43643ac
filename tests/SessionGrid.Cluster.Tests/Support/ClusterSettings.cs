namespace SessionGrid.Cluster.Tests.Support;

/// <summary>Session timings short enough for failover tests to see leave and close within seconds.</summary>
public static class ClusterSettings
{
    /// <summary>1 s interval, leave after 3 missed (3 s), closed 4 s later.</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortSessions = new Dictionary<string, string>
    {
        ["HeartbeatPolicy:Interval"] = "00:00:01",
        ["HeartbeatPolicy:MissThreshold"] = "3",
        ["HeartbeatPolicy:LeaveTimeout"] = "00:00:04",
        ["Persistence:MaxStaleness"] = "00:00:01",
    };
}
