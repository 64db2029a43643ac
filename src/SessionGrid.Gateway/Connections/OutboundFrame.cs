using System.Buffers;
using SessionGrid.Grains.Sessions;
using SessionGrid.Protocol;

namespace SessionGrid.Gateway.Connections;

/// <summary>A server frame waiting for the connection's write lock.</summary>
internal readonly record struct OutboundFrame(OutboundFrameKind Kind, string? Text1 = null, string? Text2 = null, long Number = 0, AttachResult? Attached = null)
{
    public static OutboundFrame Welcome(string session, AttachResult attached) => new(OutboundFrameKind.Welcome, session, Attached: attached);

    public static OutboundFrame State(string status, string reason) => new(OutboundFrameKind.State, status, reason);

    public static OutboundFrame CloseFrame(string reason) => new(OutboundFrameKind.Close, reason);

    public static OutboundFrame Error(string code, string message) => new(OutboundFrameKind.Error, code, message);

    public static OutboundFrame Ack(long seq) => new(OutboundFrameKind.Ack, Number: seq);

    public void WriteTo(ServerFrameWriter writer, IBufferWriter<byte> output)
    {
        switch (Kind)
        {
            case OutboundFrameKind.Welcome:
                writer.WriteWelcome(output, Text1!, Seconds(Attached!.Interval), Seconds(Attached.LeaveAfter), Seconds(Attached.CloseAfter));
                break;
            case OutboundFrameKind.State:
                writer.WriteState(output, Text1!, Text2!);
                break;
            case OutboundFrameKind.Close:
                writer.WriteClose(output, Text1!);
                break;
            case OutboundFrameKind.Error:
                writer.WriteError(output, Text1!, Text2!);
                break;
            case OutboundFrameKind.Ack:
                writer.WriteAck(output, Number);
                break;
        }
    }

    private static int Seconds(TimeSpan value) => (int)Math.Ceiling(value.TotalSeconds);
}
