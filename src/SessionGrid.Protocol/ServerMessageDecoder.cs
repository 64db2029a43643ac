using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace SessionGrid.Protocol;

/// <summary>
/// Decodes server-to-client frame bodies, for clients and tests. Allocates freely: clients handle
/// few server frames. Unknown types and fields are accepted so that older clients keep working.
/// </summary>
public static class ServerMessageDecoder
{
    /// <summary>Decodes one body; on failure <paramref name="error"/> says why.</summary>
    public static bool TryDecode(
        in ReadOnlySequence<byte> body,
        [NotNullWhen(true)] out ServerMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = "The body is not a JSON object.";
                return false;
            }

            message = ReadObject(ref reader, out error);
            if (reader.Read())
            {
                throw new JsonException("Unexpected content after the JSON object.");
            }

            return message is not null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: GetString met invalid UTF-8, or an escape that is not valid UTF-16.
            message = null;
            error = exception.Message;
            return false;
        }
    }

    private static ServerMessage? ReadObject(ref Utf8JsonReader reader, out string? error)
    {
        string? type = null, session = null, status = null, reason = null, code = null, text = null;
        long? seq = null;
        int? interval = null, leaveAfter = null, closeAfter = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) type = ReadString(ref reader, "type");
            else if (reader.ValueTextEquals("session"u8)) session = ReadString(ref reader, "session");
            else if (reader.ValueTextEquals("status"u8)) status = ReadString(ref reader, "status");
            else if (reader.ValueTextEquals("reason"u8)) reason = ReadString(ref reader, "reason");
            else if (reader.ValueTextEquals("code"u8)) code = ReadString(ref reader, "code");
            else if (reader.ValueTextEquals("message"u8)) text = ReadString(ref reader, "message");
            else if (reader.ValueTextEquals("seq"u8)) seq = ReadInt64(ref reader, "seq");
            else if (reader.ValueTextEquals("interval"u8)) interval = ReadInt32(ref reader, "interval");
            else if (reader.ValueTextEquals("leaveAfter"u8)) leaveAfter = ReadInt32(ref reader, "leaveAfter");
            else if (reader.ValueTextEquals("closeAfter"u8)) closeAfter = ReadInt32(ref reader, "closeAfter");
            else reader.Skip();
        }

        if (type is null)
        {
            error = "The body has no \"type\" string.";
            return null;
        }

        error = null;
        return new ServerMessage
        {
            Type = type,
            Session = session,
            Status = status,
            Reason = reason,
            Code = code,
            Message = text,
            Seq = seq,
            Interval = interval,
            LeaveAfter = leaveAfter,
            CloseAfter = closeAfter,
        };
    }

    private static string ReadString(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"Field \"{name}\" must be a string.");
    }

    private static long ReadInt64(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value)
            ? value
            : throw new JsonException($"Field \"{name}\" must be an integer.");
    }

    private static int ReadInt32(ref Utf8JsonReader reader, string name)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value)
            ? value
            : throw new JsonException($"Field \"{name}\" must be an integer.");
    }
}
