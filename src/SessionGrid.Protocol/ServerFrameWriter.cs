using System.Buffers;
using System.Text.Json;

namespace SessionGrid.Protocol;

/// <summary>
/// Writes server-to-client frames (header and JSON body). One per connection: it reuses one body
/// buffer and one <see cref="Utf8JsonWriter"/>, created on first use because most connections
/// never get a server frame. Not thread-safe.
/// </summary>
public sealed class ServerFrameWriter
{
    private JsonFrameBuffer? _buffer;

    /// <summary><c>{"type":"welcome","session":..,"interval":..,"leaveAfter":..,"closeAfter":..}</c>, after a hello.</summary>
    public void WriteWelcome(IBufferWriter<byte> writer, string session, int intervalSeconds, int leaveAfterSeconds, int closeAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(session);
        JsonFrameBuffer frame = GetBuffer(writer);
        Utf8JsonWriter json = frame.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "welcome"u8);
        json.WriteString("session"u8, session);
        json.WriteNumber("interval"u8, intervalSeconds);
        json.WriteNumber("leaveAfter"u8, leaveAfterSeconds);
        json.WriteNumber("closeAfter"u8, closeAfterSeconds);
        json.WriteEndObject();
        frame.WriteFrameTo(writer);
    }

    /// <summary><c>{"type":"state","status":..,"reason":..}</c>; status is <c>live</c>, <c>leave</c> or <c>closed</c>.</summary>
    public void WriteState(IBufferWriter<byte> writer, string status, string reason)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(reason);
        JsonFrameBuffer frame = GetBuffer(writer);
        Utf8JsonWriter json = frame.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "state"u8);
        json.WriteString("status"u8, status);
        json.WriteString("reason"u8, reason);
        json.WriteEndObject();
        frame.WriteFrameTo(writer);
    }

    /// <summary><c>{"type":"close","reason":..}</c>, just before the server closes the connection.</summary>
    public void WriteClose(IBufferWriter<byte> writer, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        JsonFrameBuffer frame = GetBuffer(writer);
        Utf8JsonWriter json = frame.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "close"u8);
        json.WriteString("reason"u8, reason);
        json.WriteEndObject();
        frame.WriteFrameTo(writer);
    }

    /// <summary><c>{"type":"error","code":..,"message":..}</c>, for a protocol violation before closing.</summary>
    public void WriteError(IBufferWriter<byte> writer, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        JsonFrameBuffer frame = GetBuffer(writer);
        Utf8JsonWriter json = frame.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteString("code"u8, code);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        frame.WriteFrameTo(writer);
    }

    /// <summary><c>{"type":"ack","seq":..}</c>, when a heartbeat asked for one. Allocates nothing in steady state.</summary>
    public void WriteAck(IBufferWriter<byte> writer, long seq)
    {
        JsonFrameBuffer frame = GetBuffer(writer);
        Utf8JsonWriter json = frame.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "ack"u8);
        json.WriteNumber("seq"u8, seq);
        json.WriteEndObject();
        frame.WriteFrameTo(writer);
    }

    private JsonFrameBuffer GetBuffer(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return _buffer ??= new JsonFrameBuffer(initialCapacity: 128);
    }
}
