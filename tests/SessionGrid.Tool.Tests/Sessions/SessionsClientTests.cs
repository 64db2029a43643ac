using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using SessionGrid.Tool.Tests.Support;

namespace SessionGrid.Tool.Tests.Sessions;

/// <summary>
/// How the <c>sessions</c> commands talk to an API and report its failures: against a stand-in server
/// that records what it was asked and answers what the test says.
/// </summary>
public sealed class SessionsClientTests
{
    [Theory]
    [InlineData("sessions list --url ftp://example", "--url must be an http:// or https:// address")]
    [InlineData("sessions show a --url not-a-url", "--url must be an http:// or https:// address")]
    [InlineData("sessions kick", "Required argument missing")]
    public async Task BadUsage_ExitTwoWithOneSentence(string args, string expected)
    {
        var run = await CliRun.InvokeAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.True(run.IsClean, run.Error);
    }

    [Fact]
    public async Task Unreachable_ExitOneNamingTheAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var run = await CliRun.InvokeAsync($"sessions list --url http://127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"cannot reach http://127.0.0.1:{port}/", run.Error);
        Assert.True(run.IsClean, run.Error);
    }

    [Fact]
    public async Task ProblemResponse_ShowsDetailCodeAndStatus_AndTheTokenWasSent()
    {
        await using var api = await StandInApi.StartAsync(StatusCodes.Status401Unauthorized,
            """{"title":"Unauthorized","status":401,"detail":"The token has expired.","code":"token-expired"}""");

        var run = await CliRun.InvokeAsync(["sessions", "show", "dev-1", "--url", api.Url, "--token", "t0k"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The token has expired. (token-expired, HTTP 401). Pass --token or set SESSIONGRID_TOKEN", run.Error);
        Assert.Equal("Bearer t0k", api.Authorization);
    }

    [Fact]
    public async Task NotJson_SaysItMayNotBeASilo()
    {
        await using var api = await StandInApi.StartAsync(StatusCodes.Status200OK, "<html>hello</html>");

        var run = await CliRun.InvokeAsync(["sessions", "list", "--url", api.Url]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("without a JSON body; is it a SessionGrid silo?", run.Error);
    }

    [Fact]
    public async Task SessionIdWithSlash_IsOnePercentEncodedSegment_AndKickSendsTheReason()
    {
        await using var api = await StandInApi.StartAsync(StatusCodes.Status200OK,
            """{"sessionId":"fleet/a b","kicked":true,"by":"alice","reason":"maintenance"}""");

        var run = await CliRun.InvokeAsync(["sessions", "kick", "fleet/a b", "--reason", "maintenance", "--url", api.Url]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("POST /api/sessions/fleet%2Fa%20b/kick", api.Request);
        Assert.Equal("""{"reason":"maintenance"}""", api.Body);
        Assert.Contains("kicked fleet/a b (by alice, reason: maintenance)", run.Output);
    }

    [Fact]
    public async Task ListFilters_BecomeEscapedQueryParameters_AndJsonIsPrintedAsItCame()
    {
        const string page = """{"items":[],"count":0,"limit":5,"next":null}""";
        await using var api = await StandInApi.StartAsync(StatusCodes.Status200OK, page);

        var run = await CliRun.InvokeAsync(["sessions", "list", "--status", "leave", "--prefix", "a&b", "--ip", "10.1.0.0/16", "--sort", "last-heartbeat", "--order", "desc", "--limit", "5", "--json", "--url", api.Url]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("GET /api/sessions?status=leave&ip=10.1.0.0%2F16&prefix=a%26b&sort=last-heartbeat&order=desc&limit=5", api.Request);
        Assert.Equal(page, run.Output.Trim());
    }

    /// <summary>A one-route HTTP server on a free loopback port that answers every request alike and remembers the last one.</summary>
    private sealed class StandInApi : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private StandInApi(WebApplication app) => _app = app;

        public string Url => _app.Urls.Single();

        public string? Request { get; private set; }

        public string? Authorization { get; private set; }

        public string? Body { get; private set; }

        public static async Task<StandInApi> StartAsync(int status, string body)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var api = new StandInApi(app);
            app.Run(async context =>
            {
                api.Request = $"{context.Request.Method} {context.Features.Get<IHttpRequestFeature>()!.RawTarget}";
                api.Authorization = context.Request.Headers.Authorization;
                api.Body = await new StreamReader(context.Request.Body).ReadToEndAsync();
                context.Response.StatusCode = status;
                context.Response.ContentType = body.StartsWith('{') ? "application/json" : "text/html";
                await context.Response.WriteAsync(body);
            });
            await app.StartAsync();
            return api;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
