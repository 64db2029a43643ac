namespace SessionGrid.Protocol;

/// <summary>A decoded server-to-client frame; fields the frame did not carry are <c>null</c>.</summary>
public sealed record ServerMessage
{
    /// <summary><c>welcome</c>, <c>state</c>, <c>close</c>, <c>error</c>, <c>ack</c>, or a type added later.</summary>
    public required string Type { get; init; }

    /// <summary>Session id (welcome).</summary>
    public string? Session { get; init; }

    /// <summary><c>live</c>, <c>leave</c> or <c>closed</c> (state).</summary>
    public string? Status { get; init; }

    /// <summary>Why (state, close).</summary>
    public string? Reason { get; init; }

    /// <summary>Wire error code (error).</summary>
    public string? Code { get; init; }

    /// <summary>Human error message (error).</summary>
    public string? Message { get; init; }

    /// <summary>Acknowledged sequence number (ack).</summary>
    public long? Seq { get; init; }

    /// <summary>Heartbeat interval in seconds (welcome).</summary>
    public int? Interval { get; init; }

    /// <summary>Seconds without heartbeats before the session goes to leave (welcome).</summary>
    public int? LeaveAfter { get; init; }

    /// <summary>Seconds in leave before the session is closed (welcome).</summary>
    public int? CloseAfter { get; init; }
}
