namespace SessionGrid.Client;

/// <summary>
/// Settings of a <see cref="SessionGridClient"/>. Checked by <see cref="SessionGridClientOptionsValidator"/>
/// when the client is created; the client keeps its own copy, so later changes to this object have no effect.
/// </summary>
public sealed class SessionGridClientOptions
{
    /// <summary>Default gateway port (the silo's <c>Gateway:Port</c> default).</summary>
    public const int DefaultPort = 14000;

    /// <summary>
    /// Gateway host: a DNS name or an IP literal (required). A name is resolved again on every
    /// connection attempt, so a moved server is found after a reconnect. No default.
    /// </summary>
    public string Host { get; set; } = "";

    /// <summary>Gateway TCP port. Default 14000.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// Session id (at most 256 UTF-8 bytes, printable). Default null: the id is <c>"{ip}:{pid}"</c> from
    /// <see cref="DeclaredIp"/> and <see cref="Pid"/>, as the server derives it (PROTOCOL.md), fixed at the
    /// first connection so every reconnect resumes the same session.
    /// </summary>
    public string? SessionId { get; set; }

    /// <summary>
    /// The <c>ip</c> the client declares in heartbeats (at most 255 UTF-8 bytes, printable). Default null:
    /// the local address of the first connection's socket, then kept for the client's lifetime.
    /// </summary>
    public string? DeclaredIp { get; set; }

    /// <summary>The <c>pid</c> sent in heartbeats. Default null: <see cref="Environment.ProcessId"/>.</summary>
    public long? Pid { get; set; }

    /// <summary>
    /// Send a <c>hello</c> (id, token, interval) first on every connection and expect a <c>welcome</c>
    /// within <see cref="HandshakeTimeout"/>. Turn off for servers that speak only the original protocol. Default true.
    /// </summary>
    public bool Hello { get; set; } = true;

    /// <summary>Token sent in the hello, for clusters that require client auth; needs <see cref="Hello"/>. Default null.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Time between heartbeats (100 ms to 1 day). The hello announces it in whole seconds (at least 1).
    /// When the welcome names a shorter interval, the client follows the server. Default 10 s.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Each wait between heartbeats is <see cref="Interval"/> times a random factor in
    /// [1 - jitter, 1 + jitter], so a fleet started together does not beat in lockstep (0 to 0.5). Default 0.1.
    /// </summary>
    public double IntervalJitter { get; set; } = 0.1;

    /// <summary>Send heartbeats double-encoded (a JSON string holding the object), as some deployed clients do. Default false.</summary>
    public bool DoubleEncoded { get; set; }

    /// <summary>
    /// Ask for an <c>ack</c> of every heartbeat; a heartbeat not acknowledged within <see cref="AckTimeout"/>
    /// means the server or the path to it is dead, and the client reconnects. Default false.
    /// </summary>
    public bool RequestAcks { get; set; }

    /// <summary>Longest wait for an ack when <see cref="RequestAcks"/> is on. Default 10 s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time for one connection attempt, name resolution included. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the <c>welcome</c> after a hello. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time one frame may take to be handed to the network (a peer that stops reading). Default 10 s.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Send a <c>bye</c> when the client stops, so the server closes the session (<c>client-closed</c>) at once. Default true.</summary>
    public bool SendByeOnStop { get; set; } = true;

    /// <summary>The <c>reason</c> of the bye. Default <c>"client-stopped"</c>.</summary>
    public string ByeReason { get; set; } = "client-stopped";

    /// <summary>Longest a stop waits for the bye to be sent and the server to close the connection. Default 2 s.</summary>
    public TimeSpan ByeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest server frame body accepted (1 byte to 16 MiB); a larger one is a protocol error. Default 64 KiB.</summary>
    public int MaxFrameLength { get; set; } = Protocol.FrameCodec.DefaultMaxFrameLength;

    /// <summary>When and how to reconnect. Default: see <see cref="ReconnectOptions"/>.</summary>
    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>Clock for heartbeat, backoff and timeout delays (tests inject a manual one). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>A deep copy, so a running client cannot be changed under it.</summary>
    internal SessionGridClientOptions Clone()
    {
        var copy = (SessionGridClientOptions)MemberwiseClone();
        copy.Reconnect = Reconnect.Clone();
        return copy;
    }
}
