namespace SessionGrid.Tool.LoadGen;

/// <summary>How a simulated client behaves once <see cref="LoadGenOptions.MisbehaveAfter"/> has passed.</summary>
internal enum ClientMode
{
    /// <summary>Heartbeats until the run ends, then says bye.</summary>
    Healthy,

    /// <summary>Stays connected and stops sending: the server should move it to leave and send a <c>state</c> frame.</summary>
    Silent,

    /// <summary>Sends a frame whose body is not JSON: the server answers <c>invalid-json</c> and closes.</summary>
    Garbage,

    /// <summary>Sends a header declaring a body larger than any server accepts: <c>frame-too-large</c>.</summary>
    Oversized,

    /// <summary>Closes with SO_LINGER 0, so the server sees a RST: the session goes to leave, <c>connection-lost</c>.</summary>
    Reset,

    /// <summary>Sends a frame header, then one body byte every few seconds: the server closes with <c>frame-timeout</c>.</summary>
    Slowloris,

    /// <summary>Disconnects and reconnects with the same session id, over and over: the reconnect counter goes up.</summary>
    Flapping,
}
