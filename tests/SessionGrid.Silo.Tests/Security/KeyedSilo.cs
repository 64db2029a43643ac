using System.Net.Http.Headers;
using SessionGrid.Api.Security;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Security;

/// <summary>A silo with a signing key (tokens required), shared by a test class, and tokens for it.</summary>
public sealed class KeyedSilo : IAsyncLifetime, IAsyncDisposable
{
    public const string Key = "test-signing-key-of-at-least-32-bytes!";

    public static readonly AuthOptions Auth = new() { SigningKey = Key };

    public TestSilo Silo { get; private set; } = null!;

    /// <summary>Extra settings for a subclass' silo.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Auth:SigningKey"] = Key };

    public static string Token(string role, string subject = "alice", TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null)
        => SessionTokens.Create(Auth, role, subject, issuedAt ?? DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromHours(1));

    public Task<HttpResponseMessage> GetAsync(string url, string? token) => SendAsync(HttpMethod.Get, url, token);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Silo.Http.SendAsync(request);
    }

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(settings: Settings);

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
