namespace SessionGrid.Benchmarks.Memory;

/// <summary>The gateway's side of sessions <see cref="First"/> .. <see cref="First"/> + <see cref="Count"/> - 1.</summary>
internal sealed record FleetConnections(int First, BenchConnection[] Connections, string[] Ips)
{
    public int Count => Connections.Length;
}
