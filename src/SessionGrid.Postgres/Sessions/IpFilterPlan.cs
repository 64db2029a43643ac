namespace SessionGrid.Postgres.Sessions;

/// <summary>How a session list statement applies an ip filter (<see cref="PostgresSessionQuery"/>).</summary>
internal enum IpFilterPlan
{
    /// <summary>Walk the order's index and skip the rows outside the network: for many matches.</summary>
    FilterWhileWalking,

    /// <summary>Read the matches through the remote_ip index, then filter and sort them: for few matches.</summary>
    SortMatches,
}
