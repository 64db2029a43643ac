using Microsoft.Extensions.Logging.Abstractions;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.Postgres.Sessions;
using SessionGrid.Postgres.Storage;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.TestKit.Sessions;

namespace SessionGrid.Postgres.Tests.Sessions;

/// <summary>The bounded count that chooses how a list applies its ip filter.</summary>
public sealed class IpMatchCountTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    [Theory]
    [InlineData("10.1.*", 100, 5)]
    [InlineData("10.1.*", 3, 3)]
    [InlineData("10.*", 100, 7)]
    [InlineData("10.1.0.2", 100, 1)]
    [InlineData("10.3.*", 100, 0)]
    [InlineData("fd00::/8", 100, 1)]
    [InlineData("0.0.0.0/0", 100, 8)]
    public async Task CountIpMatchesAsync_CountsTheNetworksSessionsUpToTheBound(string network, int bound, long expected)
    {
        await EnsureSessionsAsync();
        Assert.True(SessionIpFilter.TryParse(network, out var ip));
        await using var connection = await database.DataSource.OpenConnectionAsync();

        Assert.Equal(expected, await PostgresSessionQuery.CountIpMatchesAsync(connection, ip, bound, CancellationToken.None));
    }

    // Five in 10.1/16, two in 10.2/16, one in 11/8, one IPv6, one without an endpoint.
    private async Task EnsureSessionsAsync()
    {
        string?[] endpoints = ["10.1.0.1:1", "10.1.0.2:1", "10.1.9.9:1", "10.1.255.255:1", "10.1.0.0:1", "10.2.0.1:1", "10.2.3.4:1", "11.1.0.1:1", "[fd00::1]:1", null];
        var store = new PostgresSessionStore(database.DataSource, NullLogger<PostgresSessionStore>.Instance);
        var writes = endpoints
            .Select(static (endpoint, i) => SessionStates.Full($"count-{i}", SessionStatus.Live, endpoint))
            .Select(static state => new SessionStateWrite(state.SessionId, state, null))
            .ToArray();
        await using (var truncate = database.DataSource.CreateCommand("TRUNCATE sessions, session_events"))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        await store.WriteBatchAsync(writes, CancellationToken.None);
        Assert.All(writes, static w => Assert.Null(w.Error));
    }
}
