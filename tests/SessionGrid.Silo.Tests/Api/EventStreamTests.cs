using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Events;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Api;

/// <summary>
/// The live stream's wire text, read line by line (the runtime's SSE parser hides comments): keep-alive
/// comments while it is quiet, and the stream's end when its client goes away. Embedded default.
/// </summary>
public sealed class EventStreamTests
{
    private const string KeepAlive = ": keep-alive";

    [Fact]
    public async Task Stream_Quiet_KeepAliveCommentsUntilAnEventComes()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["EventStream:KeepAlive"] = "00:00:00.050" });
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await silo.Http.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));

        Assert.Equal(["event: ready", "data: subscribed", ""], await ReadLinesAsync(lines, 3, guard.Token));
        Assert.Equal([KeepAlive, "", KeepAlive, ""], await ReadLinesAsync(lines, 4, guard.Token));

        await using var client = await silo.ConnectAsync();
        await client.SendHeartbeatAsync("10.0.0.1", id: "quiet/1", seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        string? line;
        do
        {
            line = await lines.ReadLineAsync(guard.Token);
        }
        while (line is KeepAlive or "");

        Assert.Equal("event: transition", line);
        var data = await lines.ReadLineAsync(guard.Token) ?? "";
        Assert.StartsWith("data: ", data);
        Assert.Equal("quiet/1", JsonDocument.Parse(data["data: ".Length..]).RootElement.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task Stream_ClientGoesAway_TheStreamEndsAndUnsubscribes()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["EventStream:KeepAlive"] = "00:00:00.050" });
        var hub = silo.Services.GetRequiredService<SessionEventHub>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var response = await silo.Http.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        var lines = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        Assert.Equal("event: ready", await lines.ReadLineAsync(guard.Token));
        Assert.Equal(1, hub.Subscribers);

        // Disposing a response before its end closes the connection.
        lines.Dispose();
        response.Dispose();

        Assert.True(await Eventually.TrueAsync(() => hub.Subscribers == 0), $"{hub.Subscribers} subscriptions still open");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public async Task KeepAliveOutOfRange_RefusesToStartWithTheReason(string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["EventStream:KeepAlive"] = value }));

        Assert.Contains($"EventStream:KeepAlive must be positive and at most 01:00:00 (was {TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture):c}).", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string?>> ReadLinesAsync(StreamReader reader, int count, CancellationToken cancellationToken)
    {
        var lines = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            lines.Add(await reader.ReadLineAsync(cancellationToken));
        }

        return lines;
    }
}
