namespace SessionGrid.Protocol;

/// <summary>What a client puts in a heartbeat; <c>null</c> fields are left out of the body.</summary>
/// <param name="Ip">Declared ip (required).</param>
/// <param name="Status">Wire word: <c>alive</c>, <c>live</c>, <c>leave</c> or <c>close</c> (required).</param>
/// <param name="Pid">Client process id.</param>
/// <param name="Id">Session id (extension).</param>
/// <param name="Seq">Sequence number (extension).</param>
/// <param name="TimestampMs">Client clock, unix milliseconds, sent as <c>ts</c> (extension).</param>
/// <param name="Ack">Ask the server for an ack frame (extension); written only when true.</param>
public readonly record struct HeartbeatFields(
    string Ip,
    string Status,
    long? Pid,
    string? Id,
    long? Seq,
    long? TimestampMs,
    bool Ack);
