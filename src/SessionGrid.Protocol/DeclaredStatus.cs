namespace SessionGrid.Protocol;

/// <summary>What a client declares about itself in a heartbeat.</summary>
public enum DeclaredStatus
{
    /// <summary>Wire words <c>alive</c> and <c>live</c>.</summary>
    Live,

    /// <summary>Wire word <c>leave</c>.</summary>
    Leave,

    /// <summary>Wire word <c>close</c>, or a <c>bye</c> message.</summary>
    Close,
}
