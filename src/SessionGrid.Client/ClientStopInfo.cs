namespace SessionGrid.Client;

/// <summary>How a client's run ended: the result of <see cref="SessionGridClient.RunAsync"/> and <see cref="SessionGridClient.Completion"/>.</summary>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Message">A sentence for logs and operators.</param>
/// <param name="Attempts">Connection attempts in the last run of retries (0 when it stopped while connected or never tried).</param>
/// <param name="LastFailureKind">The kind of the last failure, if any.</param>
/// <param name="ServerCloseReason">The <c>reason</c> of the last <c>close</c> frame, if any.</param>
/// <param name="LastException">The exception behind the last failure, if any.</param>
public sealed record ClientStopInfo(
    ClientStopReason Reason,
    string Message,
    int Attempts,
    DisconnectKind? LastFailureKind,
    string? ServerCloseReason,
    Exception? LastException);
