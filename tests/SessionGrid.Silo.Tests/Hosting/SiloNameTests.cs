using Microsoft.Extensions.Options;
using SessionGrid.TestKit.Silo;

namespace SessionGrid.Silo.Tests.Hosting;

public sealed class SiloNameTests
{
    [Fact]
    public async Task NameWithSlash_RefusesToStartWithTheReason()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["Silo:Name"] = "rack1/silo2" }));

        Assert.Contains("Silo:Name must not contain '/' (was 'rack1/silo2')", error.Message, StringComparison.Ordinal);
    }
}
