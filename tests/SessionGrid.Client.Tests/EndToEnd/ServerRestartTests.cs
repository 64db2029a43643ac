using SessionGrid.Client.Tests.Support;
using SessionGrid.TestKit.Postgres;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Client.Tests.EndToEnd;

/// <summary>The silo stops (close frame <c>shutdown</c>, then nothing listens) and a new one starts on the same port.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task ServerStoppedAndRestarted_ClientComesBackToTheSameSessionId()
    {
        var first = await TestSilo.StartAsync();
        var port = first.Gateway.Port;
        await using var client = await RecordedClient.StartWelcomedAsync(ClientOptions.For(first.Gateway));
        var events = client.Events;

        await first.DisposeAsync();

        var closed = await events.WaitForAsync<ServerClosedEventArgs>();
        Assert.Equal(("shutdown", true), (closed.Reason, closed.WillReconnect));
        await events.WaitForAsync<ReconnectingEventArgs>(r => r.LastFailureKind == DisconnectKind.Refused);
        await using var second = await StartOnPortAsync(port);
        var welcome = await events.WaitForNthAsync<WelcomeEventArgs>(2);
        Assert.Equal(client.SessionId, welcome.Session);
        var session = await second.WaitForSessionAsync(client.SessionId, s => s.Counters.HeartbeatsReceived >= 1);
        Assert.Equal("live", session.Status);
        Assert.Equal(1, client.Client.GetStatistics().Reconnects);
    }

    [Fact]
    public async Task ServerRestartedOnTheSameDatabase_SessionResumedAndReconnectCounted()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("client_restart");
        var first = await StartOnPortAsync(0, database);
        var port = first.Gateway.Port;
        await using var client = await RecordedClient.StartWelcomedAsync(ClientOptions.For(first.Gateway));
        var before = await first.WaitForSessionAsync(client.SessionId, s => s.Counters.HeartbeatsReceived >= 1);

        await first.DisposeAsync();
        await client.Events.WaitForAsync<ReconnectingEventArgs>(r => r.LastFailureKind == DisconnectKind.Refused);
        await using var second = await StartOnPortAsync(port, database);

        // A shutdown close leaves the session live (written), so the reconnect alone makes it live: wait for a heartbeat too.
        var session = await second.WaitForSessionAsync(
            client.SessionId, s => s.Counters.Reconnects == 1 && s.Counters.HeartbeatsReceived > before.Counters.HeartbeatsReceived);
        Assert.Equal("live", session.Status);
        Assert.Equal(before.Incarnation, session.Incarnation);
        Assert.True((await client.Events.WaitForNthAsync<ConnectedEventArgs>(2)).IsReconnect);
    }

    private static Task<TestSilo> StartOnPortAsync(int port, string? database = null) => TestSilo.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Gateway:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ConnectionStrings:Postgres"] = database,
    });
}
