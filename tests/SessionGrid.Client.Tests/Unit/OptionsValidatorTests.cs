namespace SessionGrid.Client.Tests.Unit;

public sealed class OptionsValidatorTests
{
    private static SessionGridClientOptions Valid() => new() { Host = "127.0.0.1", SessionId = "device-1" };

    [Fact]
    public void Validate_Defaults_WithHost_AreValid()
    {
        Assert.Empty(SessionGridClientOptionsValidator.Validate(new SessionGridClientOptions { Host = "grid.example" }));
    }

    public static TheoryData<Action<SessionGridClientOptions>, string> BadOptions => new()
    {
        { o => o.Host = "", "Host is required" },
        { o => o.Host = "not a host", "Host 'not a host' is not a valid host name" },
        { o => o.Port = 0, "Port must be between 1 and 65535 (was 0)" },
        { o => o.Port = 70000, "Port must be between 1 and 65535 (was 70000)" },
        { o => o.SessionId = "", "SessionId must be 1 to 256 UTF-8 bytes" },
        { o => o.SessionId = "   ", "SessionId must be 1 to 256 UTF-8 bytes" },
        { o => o.SessionId = new string('x', 257), "SessionId must be 1 to 256 UTF-8 bytes" },
        { o => o.SessionId = "bad\nid", "(was \"bad\\u000aid\")" },
        { o => o.DeclaredIp = new string('1', 256), "DeclaredIp must be 1 to 255 UTF-8 bytes" },
        { o => o.Pid = -1, "Pid must not be negative (was -1)" },
        { o => { o.Hello = false; o.Token = "secret"; }, "Token is sent only in the hello" },
        { o => o.Token = "", "Token must not be empty" },
        { o => o.Interval = TimeSpan.Zero, "Interval must be between 00:00:00.1000000 and 1.00:00:00 (was 00:00:00)" },
        { o => o.Interval = TimeSpan.FromDays(2), "Interval must be between" },
        { o => o.IntervalJitter = 0.6, "IntervalJitter must be between 0 and 0.5 (was 0.6)" },
        { o => o.IntervalJitter = double.NaN, "IntervalJitter must be between 0 and 0.5 (was NaN)" },
        { o => o.AckTimeout = TimeSpan.Zero, "AckTimeout must be greater than zero" },
        { o => o.ConnectTimeout = TimeSpan.FromSeconds(-1), "ConnectTimeout must be greater than zero" },
        { o => o.HandshakeTimeout = TimeSpan.Zero, "HandshakeTimeout must be greater than zero" },
        { o => o.SendTimeout = TimeSpan.Zero, "SendTimeout must be greater than zero" },
        { o => o.ByeTimeout = TimeSpan.Zero, "ByeTimeout must be greater than zero" },
        { o => o.ByeReason = null!, "ByeReason must not be null" },
        { o => o.MaxFrameLength = 0, "MaxFrameLength must be between 1 and 16777216 bytes (was 0)" },
        { o => o.TimeProvider = null!, "TimeProvider must not be null" },
        { o => o.Reconnect = null!, "Reconnect must not be null" },
        { o => o.Reconnect.InitialDelay = TimeSpan.FromSeconds(-1), "Reconnect.InitialDelay must not be negative" },
        { o => o.Reconnect.MaxDelay = TimeSpan.FromMilliseconds(100), "Reconnect.MaxDelay (00:00:00.1000000) must be at least Reconnect.InitialDelay (00:00:00.5000000)" },
        { o => o.Reconnect.MaxDelay = TimeSpan.FromDays(3), "Reconnect.MaxDelay must be at most 1.00:00:00" },
        { o => o.Reconnect.Multiplier = 0.5, "Reconnect.Multiplier must be between 1 and 10 (was 0.5)" },
        { o => o.Reconnect.Jitter = 1.5, "Reconnect.Jitter must be between 0 and 1 (was 1.5)" },
        { o => o.Reconnect.MaxAttempts = 0, "Reconnect.MaxAttempts must be at least 1, or null to retry forever (was 0)" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadValue_NamesOptionRuleAndValue(Action<SessionGridClientOptions> spoil, string expected)
    {
        var options = Valid();
        spoil(options);

        var errors = SessionGridClientOptionsValidator.Validate(options);

        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsArgumentExceptionListingEveryProblem()
    {
        var options = new SessionGridClientOptions { Host = "", Port = -5, Interval = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => new SessionGridClient(options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("Host is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Port must be between 1 and 65535 (was -5)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Interval must be between", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => new SessionGridClient(null!));
    }

    [Fact]
    public async Task Constructor_OptionsChangedAfterwards_ClientKeepsItsCopy()
    {
        var options = Valid();
        await using var client = new SessionGridClient(options);

        options.SessionId = "changed";
        options.Reconnect.MaxAttempts = 1;

        Assert.Equal("device-1", client.SessionId);
    }
}
