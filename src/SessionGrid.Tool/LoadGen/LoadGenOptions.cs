namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// What <c>sessiongrid loadgen</c> runs. Bound from the command line; checked by
/// <see cref="LoadGenOptionsValidator"/> before a run starts.
/// </summary>
internal sealed class LoadGenOptions
{
    /// <summary>
    /// Gateways to load, <c>host:port</c> (<c>[v6]:port</c> for IPv6; the host may be a DNS name), or a comma
    /// list of them: client i connects to the (i mod n)-th, and each reconnect moves on to the next.
    /// Default <c>127.0.0.1:14000</c>.
    /// </summary>
    public string Target { get; set; } = "127.0.0.1:14000";

    /// <summary>Number of simulated clients (one connection each). Default 1000.</summary>
    public int Clients { get; set; } = 1000;

    /// <summary>New connections per second during ramp-up. Default 1000.</summary>
    public double Ramp { get; set; } = 1000;

    /// <summary>Seconds between heartbeats of one client; 0 sends back to back (flood). Default 10.</summary>
    public double Interval { get; set; } = 10;

    /// <summary>Each gap is <see cref="Interval"/> times 1 +- this fraction, uniformly. Default 0.1.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>Seconds to run after ramp-up completes; 0 runs until cancelled (Ctrl+C). Default 60.</summary>
    public double Duration { get; set; } = 60;

    /// <summary>Heartbeat body form. Default <see cref="HeartbeatEncoding.Plain"/>.</summary>
    public HeartbeatEncoding Encoding { get; set; } = HeartbeatEncoding.Plain;

    /// <summary>Send no hello; each heartbeat then carries the session id. Default false.</summary>
    public bool NoHello { get; set; }

    /// <summary>Session ids are this prefix plus the client's index. Default <c>lg-{process id}-</c> (null).</summary>
    public string? IdPrefix { get; set; }

    /// <summary>Index of the first client, so several processes can share one fleet without clashes. Default 0.</summary>
    public long FirstIndex { get; set; }

    /// <summary>
    /// Local addresses to bind before connecting, round robin: a range <c>127.0.0.2-127.0.0.60</c>, a
    /// comma list, or both (<c>127.0.0.2-127.0.0.9,127.0.1.1</c>). Default none: the OS picks (null).
    /// </summary>
    public string? SourceAddresses { get; set; }

    /// <summary>Fraction of clients that go silent. Default 0.</summary>
    public double Silent { get; set; }

    /// <summary>Fraction of clients that send a body that is not JSON. Default 0.</summary>
    public double Garbage { get; set; }

    /// <summary>Fraction of clients that declare an oversized frame. Default 0.</summary>
    public double Oversized { get; set; }

    /// <summary>Fraction of clients that reset their connection (SO_LINGER 0). Default 0.</summary>
    public double Reset { get; set; }

    /// <summary>Fraction of clients that dribble a frame one byte at a time (slowloris). Default 0.</summary>
    public double Slowloris { get; set; }

    /// <summary>Fraction of clients that disconnect and reconnect over and over. Default 0.</summary>
    public double Flapping { get; set; }

    /// <summary>
    /// Healthy clients reconnect (with backoff, to the next target) when their connection breaks or the
    /// server closes it with a reason that allows coming back (not <c>kicked</c>, <c>taken-over</c>,
    /// <c>client-closed</c>). Default false: a broken connection ends the client.
    /// </summary>
    public bool Reconnect { get; set; }

    /// <summary>Delay before a healthy client's first reconnect; doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>, +-20% jitter. Default 500 ms.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Ceiling on a reconnect delay. Default 5 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Seconds after a client's first heartbeat before it starts misbehaving; also how long a flapping client stays connected each time. Default 5.</summary>
    public double MisbehaveAfter { get; set; } = 5;

    /// <summary>Also write the summary as JSON to this path; <c>-</c> is standard output. Default none (null).</summary>
    public string? JsonPath { get; set; }

    /// <summary>No live display. Default false.</summary>
    public bool NoProgress { get; set; }

    /// <summary>Longest a connect may take before it counts as a timeout. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest the clients may take to say bye and close once the run ends; then their sockets are cut. Default 10 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gap between the bytes a slowloris client dribbles. Default 2 s.</summary>
    public TimeSpan SlowlorisByteInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Resolution of the shared scheduler that wakes every client. Default 10 ms.</summary>
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The fraction of clients given <paramref name="mode"/>; healthy is what the others leave.</summary>
    public double FractionOf(ClientMode mode) => mode switch
    {
        ClientMode.Silent => Silent,
        ClientMode.Garbage => Garbage,
        ClientMode.Oversized => Oversized,
        ClientMode.Reset => Reset,
        ClientMode.Slowloris => Slowloris,
        ClientMode.Flapping => Flapping,
        _ => Math.Max(0, 1 - ClientModes.Misbehaving.Sum(FractionOf)),
    };

    /// <summary>The id prefix in force (<see cref="IdPrefix"/> or the per-process default).</summary>
    public string EffectiveIdPrefix => IdPrefix ?? $"lg-{Environment.ProcessId}-";
}
