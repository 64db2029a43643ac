using System.CommandLine;

namespace SessionGrid.Tool.LoadGen;

/// <summary>The <c>loadgen</c> options as the command line knows them (names, help, defaults), and their binding to <see cref="LoadGenOptions"/>.</summary>
internal sealed class LoadGenCommandOptions
{
    private static readonly LoadGenOptions Defaults = new();

    public Option<string> Target { get; } = new("--target")
    {
        HelpName = "host:port",
        Description = "Gateway to load, host:port ([v6]:port for IPv6); the host may be a DNS name.",
        DefaultValueFactory = _ => Defaults.Target,
    };

    public Option<int> Clients { get; } = new("--clients")
    {
        HelpName = "N",
        Description = "Number of simulated clients, one connection each. Up to the process's open-file limit (ulimit -n).",
        DefaultValueFactory = _ => Defaults.Clients,
    };

    public Option<double> Ramp { get; } = new("--ramp")
    {
        HelpName = "R",
        Description = "New connections per second during ramp-up.",
        DefaultValueFactory = _ => Defaults.Ramp,
    };

    public Option<double> Interval { get; } = new("--interval")
    {
        HelpName = "S",
        Description = "Seconds between heartbeats per client; 0 = flood (back to back, as fast as the socket takes them).",
        DefaultValueFactory = _ => Defaults.Interval,
    };

    public Option<double> Jitter { get; } = new("--jitter")
    {
        HelpName = "F",
        Description = "Fraction of the interval, uniform +-, applied to every gap (0..1).",
        DefaultValueFactory = _ => Defaults.Jitter,
    };

    public Option<double> Duration { get; } = new("--duration")
    {
        HelpName = "S",
        Description = "Seconds to run after ramp-up completes; 0 = until Ctrl+C.",
        DefaultValueFactory = _ => Defaults.Duration,
    };

    public Option<string> Encoding { get; } = CreateEncoding();

    public Option<bool> NoHello { get; } = new("--no-hello")
    {
        Description = "Send no hello; the session id then goes in each heartbeat's \"id\" (and there is no welcome, so no policyLeaveAfterMs).",
    };

    public Option<string?> IdPrefix { get; } = new("--id-prefix")
    {
        HelpName = "P",
        Description = "Session ids are this prefix + the client's index. Default \"lg-<pid>-\".",
    };

    public Option<long> FirstIndex { get; } = new("--first-index")
    {
        HelpName = "K",
        Description = "Index of the first client, so several loadgen processes can share one fleet without id clashes.",
        DefaultValueFactory = _ => Defaults.FirstIndex,
    };

    public Option<string?> SourceAddresses { get; } = new("--source-addresses")
    {
        HelpName = "SPEC",
        Description = "Local addresses to bind before connecting, round robin: a range \"127.0.0.2-127.0.0.60\", a comma list, or both. "
            + "Each address has its own ~28k ephemeral ports, so fleets beyond 64k connections fit. Default: none (the OS picks).",
    };

    public Option<double> Silent { get; } = Fraction("--silent", "stay connected and stop sending (server: leave after MissThreshold x Interval, state frame)");

    public Option<double> Garbage { get; } = Fraction("--garbage", "send a frame whose body is not JSON (server: error invalid-json, close)");

    public Option<double> Oversized { get; } = Fraction("--oversized", "send a header declaring more than any MaxFrameLength (server: error frame-too-large, close)");

    public Option<double> Reset { get; } = Fraction("--reset", "close with SO_LINGER 0, an RST (server: session to leave, reason connection-lost)");

    public Option<double> Slowloris { get; } = Fraction("--slowloris", "send a frame header, then one byte every 2 s (server: error frame-timeout, close; Gateway:FrameTimeout)");

    public Option<double> Flapping { get; } = Fraction("--flapping", "disconnect and reconnect with the same session id every --misbehave-after seconds (server: reconnect counter up)");

    public Option<double> MisbehaveAfter { get; } = new("--misbehave-after")
    {
        HelpName = "S",
        Description = "Seconds after a client's first heartbeat before it starts misbehaving; also how long a flapping client stays connected each time.",
        DefaultValueFactory = _ => Defaults.MisbehaveAfter,
    };

    public Option<string?> Json { get; } = new("--json")
    {
        HelpName = "PATH",
        Description = "Also write the summary as JSON to this path; \"-\" = standard output, and then no human output goes there (it goes to standard error).",
    };

    public Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "No live display (for scripts and CI logs).",
    };

    public IEnumerable<Option> All =>
    [
        Target, Clients, Ramp, Interval, Jitter, Duration, Encoding, NoHello, IdPrefix, FirstIndex, SourceAddresses,
        Silent, Garbage, Oversized, Reset, Slowloris, Flapping, MisbehaveAfter, Json, NoProgress,
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

    private static Option<double> Fraction(string name, string behaviour) => new(name)
    {
        HelpName = "F",
        Description = $"Fraction of the clients (0..1; all fractions together <= 1) that {behaviour}.",
    };
}
