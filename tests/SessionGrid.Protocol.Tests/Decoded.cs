using System.Buffers;
using System.Text;

namespace SessionGrid.Protocol.Tests;

/// <summary>A copy of a <see cref="ClientMessage"/> that outlives the decode, for assertions.</summary>
internal sealed record Decoded(
    ProtocolErrorCode Error,
    ClientMessageKind Kind,
    DeclaredStatus Status,
    string Ip,
    string Id,
    long? Pid,
    long? Seq,
    long? TimestampMs,
    bool Ack,
    string Token,
    int? Interval,
    string Reason,
    bool DoubleEncoded)
{
    public static Decoded From(ClientMessageDecoder decoder, string body) => From(decoder, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)));

    public static Decoded From(ClientMessageDecoder decoder, in ReadOnlySequence<byte> body)
    {
        ProtocolErrorCode error = decoder.TryDecode(body, out ClientMessage m);
        return new Decoded(
            error,
            m.Kind,
            m.Status,
            Encoding.UTF8.GetString(m.Ip),
            Encoding.UTF8.GetString(m.Id),
            m.HasPid ? m.Pid : null,
            m.HasSeq ? m.Seq : null,
            m.HasTimestamp ? m.TimestampMs : null,
            m.Ack,
            Encoding.UTF8.GetString(m.Token),
            m.HasInterval ? m.IntervalSeconds : null,
            Encoding.UTF8.GetString(m.Reason),
            m.DoubleEncoded);
    }

    public static Decoded From(string body) => From(new ClientMessageDecoder(), body);
}
