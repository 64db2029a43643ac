namespace SessionGrid.Protocol;

/// <summary>What a client frame is.</summary>
public enum ClientMessageKind
{
    /// <summary>No <c>type</c>, or <c>"type":"hb"</c>.</summary>
    Heartbeat,

    /// <summary><c>"type":"hello"</c> (extension): names the session and authenticates.</summary>
    Hello,

    /// <summary><c>"type":"bye"</c> (extension): graceful close, same as status <c>close</c>.</summary>
    Bye,
}
