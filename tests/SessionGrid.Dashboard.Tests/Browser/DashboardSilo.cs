using SessionGrid.Api.Security;
using SessionGrid.TestKit;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Dashboard.Tests.Browser;

/// <summary>A real silo with a signing key (tokens required), shared by a test class; sessions come from real frame clients.</summary>
public sealed class DashboardSilo : IAsyncLifetime
{
    public const string Key = "dashboard-test-signing-key-of-32-bytes+";

    private static readonly AuthOptions Auth = new() { SigningKey = Key };

    private readonly List<FrameClient> _clients = [];

    public TestSilo Silo { get; private set; } = null!;

    public string BaseUrl => Silo.Http.BaseAddress!.ToString();

    public static string Token(string role, string subject) => SessionTokens.Create(Auth, role, subject, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>A connected client whose session <paramref name="id"/> is live with <paramref name="heartbeats"/> acknowledged heartbeats.</summary>
    public async Task<FrameClient> ConnectAsync(string id, int heartbeats = 1, string ip = "10.0.0.1")
    {
        var client = await Silo.ConnectAsync();
        _clients.Add(client);
        for (var seq = 1; seq <= heartbeats; seq++)
        {
            await client.SendHeartbeatAsync(ip, id: id, seq: seq, ack: true);
            await client.ReceiveTypeAsync("ack");
        }

        return client;
    }

    public async Task InitializeAsync()
        => Silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Auth:SigningKey"] = Key });

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Silo.DisposeAsync();
    }
}
