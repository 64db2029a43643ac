namespace SessionGrid.Client;

/// <summary>The server answered the hello: the session and the timing it applies to it.</summary>
public sealed class WelcomeEventArgs(string? session, int? intervalSeconds, int? leaveAfterSeconds, int? closeAfterSeconds) : EventArgs
{
    /// <summary>The session id the server attached the connection to.</summary>
    public string? Session { get; } = session;

    /// <summary>Heartbeat interval the server expects, in seconds.</summary>
    public int? IntervalSeconds { get; } = intervalSeconds;

    /// <summary>Seconds without heartbeats before the server moves the session to leave.</summary>
    public int? LeaveAfterSeconds { get; } = leaveAfterSeconds;

    /// <summary>Seconds in leave before the server closes the session.</summary>
    public int? CloseAfterSeconds { get; } = closeAfterSeconds;
}
