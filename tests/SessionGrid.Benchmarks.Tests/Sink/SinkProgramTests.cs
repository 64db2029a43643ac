using System.Net;
using System.Net.Sockets;
using SinkProgram = SessionGrid.Sink.Program;
using SessionGrid.Sink.Hosting;

namespace SessionGrid.Benchmarks.Tests.Sink;

public sealed class SinkProgramTests
{
    [Theory]
    [InlineData("Sink:Port", "70000", "Sink:Port must be 0..65535 (was 70000).")]
    [InlineData("Sink:HttpPort", "-1", "Sink:HttpPort must be 0..65535 (was -1).")]
    [InlineData("Sink:ListenAddress", "localhost", "Sink:ListenAddress must be an IP address (was 'localhost').")]
    [InlineData("Sink:MaxFrameLength", "10", "Sink:MaxFrameLength must be 64 bytes..16 MiB (was 10).")]
    [InlineData("Sink:Port", "abc", "'abc' at 'Sink:Port'")]
    public async Task RunAsync_BadSetting_ExitsTwoWithTheSettingNamed(string key, string value, string expected)
    {
        var error = new StringWriter();

        var code = await SinkProgram.RunAsync([], error, b => TestSink.Configure(b, new Dictionary<string, string?> { [key] = value }));

        Assert.Equal(2, code);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadCommandLineArgument_ExitsTwoWithTheSettingNamed()
    {
        var error = new StringWriter();

        // Not set by the test configuration, so the command line is what the sink reads.
        var code = await SinkProgram.RunAsync(["--Sink:MaxFrameLength", "10"], error, b => TestSink.Configure(b, null));

        Assert.Equal(2, code);
        Assert.Contains("Sink:MaxFrameLength must be 64 bytes..16 MiB (was 10).", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PortInUse_ExitsTwoWithCannotListen()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var error = new StringWriter();

        var code = await SinkProgram.RunAsync([], error, b => TestSink.Configure(b, new Dictionary<string, string?> { ["Sink:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Equal(2, code);
        Assert.Contains("sink: cannot listen", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamePortTwice_Fails()
    {
        var result = new SinkOptionsValidator().Validate(null, new SinkOptions { Port = 15000, HttpPort = 15000 });

        Assert.True(result.Failed);
        Assert.Contains("Sink:Port and Sink:HttpPort must differ (both 15000).", result.Failures!);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new SinkOptionsValidator().Validate(null, new SinkOptions()).Succeeded);
    }
}
