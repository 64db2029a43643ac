namespace SessionGrid.Silo.Tests.Api;

/// <summary>The API in the embedded default (in-memory store, this silo's event ring and feed).</summary>
public sealed class MemorySessionApiTests : SessionApiTests
{
    protected override Task<IDictionary<string, string?>> ModeSettingsAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());
}
