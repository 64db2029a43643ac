using System.Text.Json;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Sessions;

/// <summary>
/// <c>sessiongrid sessions</c> against a real silo's API (no signing key: loopback callers act as the
/// operator "local"): list with filters and cursor, show, events, kick, and a missing session.
/// </summary>
public sealed class SessionsCommandTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private readonly List<FrameClient> _clients = [];

    private string Url => _silo.Http.BaseAddress!.ToString();

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task List_FiltersByPrefix_AndPagesWithTheCursorItPrints()
    {
        await ConnectAsync("cli/dev-1");
        await ConnectAsync("cli/dev-2");
        await ConnectAsync("other-1");

        var all = await CliRun.InvokeAsync(["sessions", "list", "--prefix", "cli/", "--url", Url]);
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("cli/dev-1", all.Output);
        Assert.Contains("cli/dev-2", all.Output);
        Assert.DoesNotContain("other-1", all.Output);
        Assert.Contains("2 session(s); no more.", all.Output);

        var first = await CliRun.InvokeAsync(["sessions", "list", "--prefix", "cli/", "--limit", "1", "--url", Url]);
        var cursor = first.Output.Split("more with --cursor ")[1].Trim();
        var second = await CliRun.InvokeAsync(["sessions", "list", "--prefix", "cli/", "--limit", "1", "--cursor", cursor, "--url", Url]);
        Assert.Contains("cli/dev-1", first.Output);
        Assert.Contains("cli/dev-2", second.Output);
        Assert.DoesNotContain("cli/dev-1", second.Output);

        var json = await CliRun.InvokeAsync(["sessions", "list", "--prefix", "cli/", "--limit", "1", "--all", "--json", "--url", Url]);
        Assert.Equal(["cli/dev-1", "cli/dev-2"], JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task Show_Kick_Events_TheTimelineNamesWhoKicked()
    {
        var client = await ConnectAsync("cli/kick-me");

        var show = await CliRun.InvokeAsync(["sessions", "show", "cli/kick-me", "--json", "--url", Url]);
        var session = JsonDocument.Parse(show.Output).RootElement;
        Assert.Equal(("cli/kick-me", "live"), (session.GetProperty("sessionId").GetString(), session.GetProperty("status").GetString()));

        var kick = await CliRun.InvokeAsync(["sessions", "kick", "cli/kick-me", "--reason", "bad firmware", "--url", Url]);
        Assert.Equal(0, kick.ExitCode);
        Assert.Contains("kicked cli/kick-me (by local, reason: bad firmware)", kick.Output);
        Assert.Equal("kicked", (await client.ReceiveTypeAsync("close")).Reason);

        var events = await CliRun.InvokeAsync(["sessions", "events", "cli/kick-me", "--url", Url]);
        Assert.Equal(0, events.ExitCode);
        var kickedRow = events.Output.Split('\n').Single(line => line.Contains("kicked"));
        Assert.Contains("closed", kickedRow);
        Assert.Contains("local", kickedRow);
        Assert.Contains("bad firmware", kickedRow);

        var again = await CliRun.InvokeAsync(["sessions", "kick", "cli/kick-me", "--url", Url]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already closed", again.Error);
    }

    [Fact]
    public async Task Show_UnknownSession_ExitOneWithTheApisCode()
    {
        var run = await CliRun.InvokeAsync(["sessions", "show", "no-such-session", "--url", Url]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("(session-not-found, HTTP 404)", run.Error);
        Assert.True(run.IsClean, run.Error);
    }

    private async Task<FrameClient> ConnectAsync(string id)
    {
        var client = await _silo.ConnectAsync();
        _clients.Add(client);
        await client.SendHeartbeatAsync("10.0.0.1", id: id, seq: 1, ack: true);
        await client.ReceiveTypeAsync("ack");
        return client;
    }
}
