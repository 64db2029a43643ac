using System.CommandLine;

namespace SessionGrid.Tool.LoadGen;

/// <summary>The <c>loadgen</c> options as the command line knows them (names, help, defaults), and their binding to <see cref="LoadGenOptions"/>.</summary>
internal sealed class LoadGenCommandOptions
{
    private static readonly LoadGenOptions Defaults = new();

    public Option<string> Target { get; } = Valued("--target", "host:port", Defaults.Target,
        "Gateway to load, host:port ([v6]:port for IPv6; the host may be a DNS name), or a comma list of gateways: "
        + "client i connects to the (i mod n)-th, and a reconnect moves on to the next.");

    public Option<int> Clients { get; } = Valued("--clients", "N", Defaults.Clients,
        "Number of simulated clients, one connection each. Up to the process's open-file limit (ulimit -n).");

    public Option<double> Ramp { get; } = Valued("--ramp", "R", Defaults.Ramp,
        "New connections per second during ramp-up.");

    public Option<double> Interval { get; } = Valued("--interval", "S", Defaults.Interval,
        "Seconds between heartbeats per client; 0 = flood (back to back, as fast as the socket takes them).");

    public Option<double> Jitter { get; } = Valued("--jitter", "F", Defaults.Jitter,
        "Fraction of the interval, uniform +-, applied to every gap (0..1).");

    public Option<double> Duration { get; } = Valued("--duration", "S", Defaults.Duration,
        "Seconds to run after ramp-up completes; 0 = until Ctrl+C.");

    public Option<string> Encoding { get; } = CreateEncoding();

    public Option<bool> NoHello { get; } = new("--no-hello")
    {
        Description = "Send no hello; the session id then goes in each heartbeat's \"id\" (no welcome, so no policyLeaveAfterMs).",
    };

    public Option<string?> IdPrefix { get; } = Valued<string?>("--id-prefix", "P", null,
        "Session ids are this prefix + the client's index. Default \"lg-<pid>-\".");

    public Option<long> FirstIndex { get; } = Valued("--first-index", "K", Defaults.FirstIndex,
        "Index of the first client, so several loadgen processes can share one fleet without id clashes.");

    public Option<string?> SourceAddresses { get; } = Valued<string?>("--source-addresses", "SPEC", null,
        "Local addresses to bind before connecting, round robin: a range \"127.0.0.2-127.0.0.60\", a comma list, or both. "
        + "Each address has its own ~28k ephemeral ports, so fleets beyond 64k connections fit. Default: none (the OS picks).");

    public Option<double> Silent { get; } = Fraction("--silent", "stay connected and stop sending (server: leave after MissThreshold x Interval, state frame)");

    public Option<double> Garbage { get; } = Fraction("--garbage", "send a frame whose body is not JSON (server: error invalid-json, close)");

    public Option<double> Oversized { get; } = Fraction("--oversized", "send a header declaring more than any MaxFrameLength (server: error frame-too-large, close)");

    public Option<double> Reset { get; } = Fraction("--reset", "close with SO_LINGER 0, an RST (server: session to leave, reason connection-lost)");

    public Option<double> Slowloris { get; } = Fraction("--slowloris", "send a frame header, then one byte every 2 s (server: error frame-timeout, close; Gateway:FrameTimeout)");

    public Option<double> Flapping { get; } = Fraction("--flapping", "disconnect and reconnect with the same session id every --misbehave-after seconds (server: reconnect counter up)");

    public Option<double> MisbehaveAfter { get; } = Valued("--misbehave-after", "S", Defaults.MisbehaveAfter,
        "Seconds after a client's first heartbeat before it starts misbehaving; also how long a flapping client stays connected each time.");

    public Option<bool> Reconnect { get; } = new("--reconnect")
    {
        Description = "Healthy clients reconnect (backoff 0.5 s doubling to 5 s, next target) when their connection breaks or the server "
            + "closes it with shutdown; not after kicked, taken-over or client-closed. Default: a broken connection ends the client.",
    };

    public Option<string?> Json { get; } = Valued<string?>("--json", "PATH", null,
        "Also write the summary as JSON to this path; \"-\" = standard output, and then no human output goes there (it goes to standard error).");

    public Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "No live display (for scripts and CI logs).",
    };

    public IEnumerable<Option> All =>
    [
        Target, Clients, Ramp, Interval, Jitter, Duration, Encoding, NoHello, IdPrefix, FirstIndex, SourceAddresses,
        Silent, Garbage, Oversized, Reset, Slowloris, Flapping, MisbehaveAfter, Reconnect, Json, NoProgress,
    ];

    public LoadGenOptions Bind(ParseResult parsed) => new()
    {
        Target = parsed.GetValue(Target) ?? Defaults.Target,
        Clients = parsed.GetValue(Clients),
        Ramp = parsed.GetValue(Ramp),
        Interval = parsed.GetValue(Interval),
        Jitter = parsed.GetValue(Jitter),
        Duration = parsed.GetValue(Duration),
        Encoding = parsed.GetValue(Encoding) == "double" ? HeartbeatEncoding.Double : HeartbeatEncoding.Plain,
        NoHello = parsed.GetValue(NoHello),
        IdPrefix = parsed.GetValue(IdPrefix),
        FirstIndex = parsed.GetValue(FirstIndex),
        SourceAddresses = parsed.GetValue(SourceAddresses),
        Silent = parsed.GetValue(Silent),
        Garbage = parsed.GetValue(Garbage),
        Oversized = parsed.GetValue(Oversized),
        Reset = parsed.GetValue(Reset),
        Slowloris = parsed.GetValue(Slowloris),
        Flapping = parsed.GetValue(Flapping),
        MisbehaveAfter = parsed.GetValue(MisbehaveAfter),
        Reconnect = parsed.GetValue(Reconnect),
        JsonPath = parsed.GetValue(Json),
        NoProgress = parsed.GetValue(NoProgress),
    };

    private static Option<string> CreateEncoding()
    {
        var option = new Option<string>("--encoding")
        {
            Description = "Heartbeat body form: plain (a JSON object) or double (a JSON string holding the object, as many deployed clients send).",
            DefaultValueFactory = _ => "plain",
        };
        option.AcceptOnlyFromAmong("plain", "double");
        return option;
    }

    private static Option<double> Fraction(string name, string behaviour) =>
        Valued(name, "F", 0.0, $"Fraction of the clients (0..1; all fractions together <= 1) that {behaviour}.");

    // A default of null shows no "[default: ...]" in the help: the description says what happens then.
    private static Option<T> Valued<T>(string name, string helpName, T defaultValue, string description)
    {
        var option = new Option<T>(name) { HelpName = helpName, Description = description };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        return option;
    }
}
