using System.Text.Json.Serialization;

namespace SessionGrid.Tool.LoadGen.Summary;

/// <summary>The end-of-run summary; its JSON form (camelCase) is the contract scripts read.</summary>
internal sealed record LoadSummary
{
    /// <summary>The target as given (<c>host:port</c>).</summary>
    public required string Target { get; init; }

    public required int Clients { get; init; }

    /// <summary>Clients per mode: healthy, silent, garbage, oversized, reset, slowloris, flapping.</summary>
    public required IReadOnlyDictionary<string, int> Modes { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>From the start until every client's first connect finished.</summary>
    public required double RampSeconds { get; init; }

    public required ConnectionCounts Connections { get; init; }

    public required long HeartbeatsSent { get; init; }

    /// <summary>Heartbeats sent over the whole elapsed time.</summary>
    public required double HeartbeatsPerSecond { get; init; }

    /// <summary>Frames received by type: welcome, state, close, error, ack, other.</summary>
    public required IReadOnlyDictionary<string, long> ServerFrames { get; init; }

    /// <summary>Successful reconnects (flapping clients, and healthy ones with <c>--reconnect</c>).</summary>
    public required long Reconnects { get; init; }

    /// <summary>Failures by kind: refused, reset, timeout, dns, closedByServer, tooManyOpenFiles, addressUnavailable, other.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required DetectionSummary Detection { get; init; }

    public required ResumeSummary Resume { get; init; }

    /// <summary>Healthy clients that received a <c>state</c> frame with status <c>leave</c>.</summary>
    public required long FalseLeaves { get; init; }

    /// <summary>Codes of the <c>error</c> frames received, with counts (e.g. <c>invalid-json</c>).</summary>
    public required IReadOnlyDictionary<string, long> ServerErrorCodes { get; init; }

    /// <summary>Why the run could not start (the target did not resolve); not part of the JSON.</summary>
    [JsonIgnore]
    public string? Failure { get; init; }

    /// <summary>Advice for error kinds that need the operator (open-file limit, address exhaustion); not part of the JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Notes { get; init; } = [];
}
