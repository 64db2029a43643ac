using System.Text.Json;
using SessionGrid.TestKit.Postgres;

namespace SessionGrid.Silo.Tests.Api;

/// <summary>The API with PostgreSQL: lists and events from the database, the live feed from its notifications.</summary>
public sealed class PostgresSessionApiTests : SessionApiTests
{
    private string? _connectionString;

    protected override async Task<IDictionary<string, string?>> ModeSettingsAsync()
    {
        _connectionString ??= await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("api");
        return new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _connectionString };
    }

    [Fact]
    public async Task ListSessions_TwoGenerationsOfOneSiloName_TheNameTakesBothAnOwnerValueItsOwn()
    {
        await ConnectAsync("gen/first", heartbeats: 1);
        await using var again = await StartSiloAsync();
        await using var client = await again.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.1", id: "gen/second", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        var first = (await Silo.GetSessionAsync("gen/first"))!.OwnerSilo!;
        var second = (await again.GetSessionAsync("gen/second"))!.OwnerSilo!;

        Assert.NotEqual(first, second);
        Assert.StartsWith("test-silo/", first);
        Assert.StartsWith("test-silo/", second);
        Assert.Equal(["gen/first", "gen/second"], await IdsAsync("/api/sessions?prefix=gen%2F&silo=test-silo"));
        Assert.Equal(["gen/first"], await IdsAsync("/api/sessions?prefix=gen%2F&silo=" + Uri.EscapeDataString(first)));
        Assert.Equal(["gen/second"], await IdsAsync("/api/sessions?prefix=gen%2F&silo=" + Uri.EscapeDataString(second)));
    }

    [Fact]
    public async Task EventStream_TransitionOnAnotherSilo_ArrivesOnThisSilosStream()
    {
        await using var other = await StartSiloAsync();
        using var stream = await SseStream.OpenAsync(Silo.Http, "/api/events/stream?prefix=remote");
        await using var client = await other.ConnectAsync();

        await client.SendHeartbeatAsync("10.0.0.1", id: "remote-1", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");

        var item = await stream.NextAsync();
        var data = JsonDocument.Parse(item.Data).RootElement;
        Assert.Equal("remote-1", data.GetProperty("sessionId").GetString());
        Assert.Equal("live", data.GetProperty("transition").GetProperty("to").GetString());
    }
}
