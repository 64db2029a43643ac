namespace SessionGrid.Grains.Sessions;

/// <summary>What a heartbeat's <c>status</c> says the client is (a bye is <see cref="Close"/>).</summary>
[GenerateSerializer]
[Alias("SessionGrid.ClientDeclaredStatus")]
public enum ClientDeclaredStatus
{
    Live,
    Leave,
    Close,
}
