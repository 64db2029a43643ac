namespace SessionGrid.Client;

/// <summary>Why a <see cref="SessionGridClient"/> stopped for good.</summary>
public enum ClientStopReason
{
    /// <summary>Stopped by its owner: <see cref="SessionGridClient.StopAsync"/>, dispose or cancellation.</summary>
    Stopped,

    /// <summary><see cref="ReconnectOptions.MaxAttempts"/> connection attempts in a row failed.</summary>
    AttemptsExhausted,

    /// <summary>The server closed the session with a reason that says not to come back (<c>kicked</c>, <c>client-closed</c>, <c>taken-over</c>).</summary>
    ClosedByServer,

    /// <summary>The connection failed and <see cref="ReconnectOptions.Enabled"/> is false.</summary>
    ReconnectDisabled,
}
