using System.Buffers;
using System.Text.Json;

namespace SessionGrid.Protocol;

/// <summary>
/// Writes client-to-server frames, for clients, tests and the load generator.
/// Uses one body buffer per thread, so concurrent callers on different threads are safe.
/// </summary>
public static class ClientFrameWriter
{
    [ThreadStatic]
    private static JsonFrameBuffer? t_body;

    [ThreadStatic]
    private static JsonFrameBuffer? t_outer;

    /// <summary>
    /// Writes a heartbeat: a JSON object, or with <paramref name="doubleEncoded"/> a JSON string holding
    /// that object, the form many deployed clients send.
    /// </summary>
    public static void WriteHeartbeat(IBufferWriter<byte> writer, in HeartbeatFields fields, bool doubleEncoded)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fields.Ip);
        ArgumentNullException.ThrowIfNull(fields.Status);

        JsonFrameBuffer body = t_body ??= new JsonFrameBuffer(initialCapacity: 256);
        Utf8JsonWriter json = body.Begin();
        json.WriteStartObject();
        json.WriteString("ip"u8, fields.Ip);
        json.WriteString("status"u8, fields.Status);
        if (fields.Pid is { } pid)
        {
            json.WriteNumber("pid"u8, pid);
        }

        if (fields.Id is { } id)
        {
            json.WriteString("id"u8, id);
        }

        if (fields.Seq is { } seq)
        {
            json.WriteNumber("seq"u8, seq);
        }

        if (fields.TimestampMs is { } ts)
        {
            json.WriteNumber("ts"u8, ts);
        }

        if (fields.Ack)
        {
            json.WriteBoolean("ack"u8, true);
        }

        json.WriteEndObject();

        if (!doubleEncoded)
        {
            body.WriteFrameTo(writer);
            return;
        }

        JsonFrameBuffer outer = t_outer ??= new JsonFrameBuffer(initialCapacity: 256);
        outer.Begin().WriteStringValue(body.Flush());
        outer.WriteFrameTo(writer);
    }

    /// <summary>Writes <c>{"type":"hello","id":..,"token":..,"interval":..}</c>; null fields are left out.</summary>
    public static void WriteHello(IBufferWriter<byte> writer, string id, string? token, int? intervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(id);

        JsonFrameBuffer body = t_body ??= new JsonFrameBuffer(initialCapacity: 256);
        Utf8JsonWriter json = body.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "hello"u8);
        json.WriteString("id"u8, id);
        if (token is not null)
        {
            json.WriteString("token"u8, token);
        }

        if (intervalSeconds is { } interval)
        {
            json.WriteNumber("interval"u8, interval);
        }

        json.WriteEndObject();
        body.WriteFrameTo(writer);
    }

    /// <summary>Writes <c>{"type":"bye","reason":..}</c>; the reason is left out when null.</summary>
    public static void WriteBye(IBufferWriter<byte> writer, string? reason)
    {
        ArgumentNullException.ThrowIfNull(writer);

        JsonFrameBuffer body = t_body ??= new JsonFrameBuffer(initialCapacity: 256);
        Utf8JsonWriter json = body.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "bye"u8);
        if (reason is not null)
        {
            json.WriteString("reason"u8, reason);
        }

        json.WriteEndObject();
        body.WriteFrameTo(writer);
    }
}
