namespace SessionGrid.Protocol;

/// <summary>Wire codes and human messages for <see cref="ProtocolErrorCode"/>.</summary>
public static class ProtocolErrors
{
    /// <summary>The <c>code</c> sent in an error frame.</summary>
    public static string ToWireCode(ProtocolErrorCode code) => code switch
    {
        ProtocolErrorCode.None => "none",
        ProtocolErrorCode.InvalidLength => "invalid-length",
        ProtocolErrorCode.FrameTooLarge => "frame-too-large",
        ProtocolErrorCode.TruncatedFrame => "truncated-frame",
        ProtocolErrorCode.InvalidUtf8 => "invalid-utf8",
        ProtocolErrorCode.InvalidJson => "invalid-json",
        ProtocolErrorCode.NotAnObject => "not-an-object",
        ProtocolErrorCode.MissingIp => "missing-ip",
        ProtocolErrorCode.MissingStatus => "missing-status",
        ProtocolErrorCode.InvalidStatus => "invalid-status",
        ProtocolErrorCode.InvalidField => "invalid-field",
        ProtocolErrorCode.UnknownType => "unknown-type",
        ProtocolErrorCode.HandshakeTimeout => "handshake-timeout",
        ProtocolErrorCode.SessionChanged => "session-changed",
        ProtocolErrorCode.FrameTimeout => "frame-timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown protocol error code."),
    };

    /// <summary>A sentence for operators and for the <c>message</c> of an error frame.</summary>
    public static string Describe(ProtocolErrorCode code) => code switch
    {
        ProtocolErrorCode.None => "No error.",
        ProtocolErrorCode.InvalidLength => "The frame length must be greater than zero.",
        ProtocolErrorCode.FrameTooLarge => "The frame length exceeds the maximum this server accepts.",
        ProtocolErrorCode.TruncatedFrame => "The connection ended in the middle of a frame.",
        ProtocolErrorCode.InvalidUtf8 => "The frame body is not valid UTF-8 text.",
        ProtocolErrorCode.InvalidJson => "The frame body is not valid JSON.",
        ProtocolErrorCode.NotAnObject => "The frame body must be a JSON object, or a JSON string containing a JSON object.",
        ProtocolErrorCode.MissingIp => "A heartbeat must carry an \"ip\" string.",
        ProtocolErrorCode.MissingStatus => "A heartbeat must carry a \"status\" string.",
        ProtocolErrorCode.InvalidStatus => "\"status\" must be one of \"alive\", \"live\", \"leave\", \"close\".",
        ProtocolErrorCode.InvalidField => "A field has the wrong type or value.",
        ProtocolErrorCode.UnknownType => "\"type\" must be \"hb\", \"hello\" or \"bye\".",
        ProtocolErrorCode.HandshakeTimeout => "No frame naming a session arrived in time after the connection opened.",
        ProtocolErrorCode.SessionChanged => "A connection carries one session; reconnect to speak for another session id.",
        ProtocolErrorCode.FrameTimeout => "A frame that had started arriving did not complete in time.",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown protocol error code."),
    };
}
