namespace SessionGrid.Grains.Sessions;

/// <summary>The server-side state of a session (PROTOCOL.md "Session states").</summary>
public enum SessionStatus
{
    Live,
    Leave,
    Closed,
}
