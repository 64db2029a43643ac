namespace SessionGrid.Grains.Sessions;

/// <summary>The server-side state of a session (PROTOCOL.md "Session states").</summary>
[GenerateSerializer]
[Alias("SessionGrid.SessionStatus")]
public enum SessionStatus
{
    Live,
    Leave,
    Closed,
}
