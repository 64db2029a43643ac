namespace SessionGrid.Client;

/// <summary>Where a <see cref="SessionGridClient"/> is in its life.</summary>
public enum ClientState
{
    /// <summary>Created; not started yet.</summary>
    Created,

    /// <summary>Resolving and connecting.</summary>
    Connecting,

    /// <summary>Connected; heartbeats flow.</summary>
    Connected,

    /// <summary>Waiting out a backoff delay before the next attempt.</summary>
    WaitingToReconnect,

    /// <summary>Stopping: saying bye and closing.</summary>
    Stopping,

    /// <summary>Stopped for good; <see cref="SessionGridClient.Completion"/> says why.</summary>
    Stopped,
}
