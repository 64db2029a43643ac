namespace SessionGrid.Protocol;

/// <summary>Protocol violations; <see cref="ProtocolErrors.ToWireCode"/> gives the <c>code</c> of the error frame.</summary>
public enum ProtocolErrorCode
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Frame length zero or negative.</summary>
    InvalidLength,

    /// <summary>Frame length above the configured maximum.</summary>
    FrameTooLarge,

    /// <summary>The peer closed the connection in the middle of a frame.</summary>
    TruncatedFrame,

    /// <summary>The body is not valid UTF-8 (or a JSON escape decodes to invalid Unicode).</summary>
    InvalidUtf8,

    /// <summary>The body is not valid JSON.</summary>
    InvalidJson,

    /// <summary>The body is valid JSON but neither an object nor a string holding an object.</summary>
    NotAnObject,

    /// <summary>A heartbeat without <c>ip</c>.</summary>
    MissingIp,

    /// <summary>A heartbeat without <c>status</c>.</summary>
    MissingStatus,

    /// <summary><c>status</c> is not one of <c>alive</c>, <c>live</c>, <c>leave</c>, <c>close</c>.</summary>
    InvalidStatus,

    /// <summary>A known field has the wrong JSON type or an out-of-range value.</summary>
    InvalidField,

    /// <summary><c>type</c> names no message this server knows.</summary>
    UnknownType,

    /// <summary>The client did not send its first frame in time (or, for a hello without an id, no heartbeat naming its session).</summary>
    HandshakeTimeout,

    /// <summary>A frame named another session than the one the connection already carries.</summary>
    SessionChanged,

    /// <summary>A frame that had started arriving did not complete in time (slowloris).</summary>
    FrameTimeout,
}
