namespace SessionGrid.Gateway.Connections;

internal enum OutboundFrameKind
{
    Welcome,
    State,
    Close,
    Error,
    Ack,
}
