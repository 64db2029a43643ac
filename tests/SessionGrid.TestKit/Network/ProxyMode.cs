namespace SessionGrid.TestKit.Network;

/// <summary>What a <see cref="TcpFaultProxy"/> does with connections.</summary>
public enum ProxyMode
{
    /// <summary>Accept and forward both ways, as if the client talked to the target directly.</summary>
    Forward,

    /// <summary>
    /// Accept, keep every connection open, and drop all bytes both ways: a server that hangs, or a
    /// path that lost its packets without a RST. Applies to open connections too.
    /// </summary>
    Blackhole,

    /// <summary>Stop listening, so new connections are refused (RST); open connections are left as they are.</summary>
    Refuse,
}
