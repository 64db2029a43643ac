using System.Net;

namespace SessionGrid.Client.Tests.Support;

/// <summary>Client options for tests: short real-clock timings so reconnects happen quickly, and a unique session id.</summary>
public static class ClientOptions
{
    public static SessionGridClientOptions For(IPEndPoint endpoint, string? sessionId = null, Action<SessionGridClientOptions>? configure = null)
        => For(endpoint.Address.ToString(), endpoint.Port, sessionId, configure);

    public static SessionGridClientOptions For(string host, int port, string? sessionId = null, Action<SessionGridClientOptions>? configure = null)
    {
        var options = new SessionGridClientOptions
        {
            Host = host,
            Port = port,
            SessionId = sessionId ?? $"client-test-{Guid.NewGuid():N}",
            Interval = TimeSpan.FromSeconds(1),
            IntervalJitter = 0.1,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Reconnect = new ReconnectOptions
            {
                InitialDelay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromMilliseconds(200),
                Multiplier = 2,
                Jitter = 0.2,
            },
        };
        configure?.Invoke(options);
        return options;
    }
}
