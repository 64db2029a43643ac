using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Tests.Storage;

/// <summary>Persistence settings the "sessions" provider cannot work with are refused at start, each with its reason.</summary>
public sealed class PersistenceOptionsValidatorTests
{
    private readonly PersistenceOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
        => Assert.True(_validator.Validate(null, new PersistenceOptions()).Succeeded);

    [Theory]
    [InlineData("WriteBehindWindow", "-00:00:00.001", "WriteBehindWindow must be from zero to MaxStaleness (was -00:00:00.0010000).")]
    [InlineData("WriteBehindWindow", "00:00:06", "WriteBehindWindow must be from zero to MaxStaleness (was 00:00:06).")]
    [InlineData("MaxStaleness", "00:00:00", "MaxStaleness must be positive (was 00:00:00).")]
    [InlineData("MaxBatchSize", "0", "MaxBatchSize must be at least 1 (was 0).")]
    [InlineData("MaxPendingWrites", "0", "MaxPendingWrites must be at least 1 (was 0).")]
    [InlineData("RetryBackoffMax", "00:00:00.100", "RetryBackoffMax must be at least RetryBackoffInitial (was 00:00:00.1000000).")]
    public void Validate_BadSetting_FailsWithItsReason(string name, string value, string reason)
    {
        var options = new PersistenceOptions();
        var property = typeof(PersistenceOptions).GetProperty(name)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? int.Parse(value) : TimeSpan.Parse(value));

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(reason, result.Failures!);
    }

    [Fact]
    public void Validate_WriteBehindWindowOfZero_Succeeds()
        => Assert.True(_validator.Validate(null, new PersistenceOptions { WriteBehindWindow = TimeSpan.Zero }).Succeeded);
}
