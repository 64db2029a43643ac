namespace SessionGrid.Client.Internal;

/// <summary>How one connection (or attempt) ended.</summary>
/// <param name="Failure">What went wrong; null when the client itself stopped.</param>
/// <param name="CloseReason">The <c>reason</c> of a <c>close</c> frame that ended it, if any.</param>
/// <param name="Proven">The connection had proven itself before it ended (resets the retry count).</param>
internal readonly record struct ConnectionEnd(SessionGridConnectionException? Failure, string? CloseReason, bool Proven = false)
{
    public static ConnectionEnd Stopped => default;
}
