using SessionGrid.Grains.Sessions;
using SessionGrid.Protocol;

namespace SessionGrid.Gateway.Connections;

/// <summary>
/// What the read loop keeps of a decoded frame once the body's bytes are released: primitives and
/// cached strings only, so a heartbeat allocates nothing.
/// </summary>
internal readonly record struct InboundFrame(
    ClientMessageKind Kind,
    ClientDeclaredStatus Status,
    string? SessionId,
    string? Ip,
    long? Pid,
    long? AckSeq,
    int? IntervalSeconds);
