using System.Buffers;
using System.Text.Json;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Postgres.Sessions;

/// <summary>
/// The <c>recent_transitions</c> jsonb column: an array of
/// <c>{"seq":1,"time":"...","from":null,"to":"live","reason":"connected","incarnation":1}</c>, with
/// <c>"by"</c> and <c>"note"</c> when an operator made the transition.
/// </summary>
/// <remarks>
/// Written by hand rather than with the grain state serializer options: the column is read by operators
/// and SQL, so its shape (status words, not enum numbers) must not change with those options.
/// </remarks>
internal static class TransitionJson
{
    public static string Write(List<SessionTransition> transitions)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (transitions.Count * 128));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var transition in transitions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("seq", transition.Seq);
                writer.WriteString("time", transition.Time);
                if (transition.From is { } from)
                {
                    writer.WriteString("from", from.ToWire());
                }
                else
                {
                    writer.WriteNull("from");
                }

                writer.WriteString("to", transition.To.ToWire());
                writer.WriteString("reason", transition.Reason);
                writer.WriteNumber("incarnation", transition.Incarnation);
                if (transition.Actor is not null)
                {
                    writer.WriteString("by", transition.Actor);
                }

                if (transition.Note is not null)
                {
                    writer.WriteString("note", transition.Note);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<SessionTransition> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var result = new List<SessionTransition>(root.GetArrayLength());
        foreach (var item in root.EnumerateArray())
        {
            var from = item.TryGetProperty("from", out var fromElement) && fromElement.ValueKind == JsonValueKind.String
                ? ParseStatus(fromElement.GetString())
                : (SessionStatus?)null;
            result.Add(new SessionTransition(
                item.GetProperty("time").GetDateTimeOffset(),
                from,
                ParseStatus(item.GetProperty("to").GetString()),
                item.GetProperty("reason").GetString() ?? "",
                item.GetProperty("incarnation").GetInt32(),
                item.TryGetProperty("seq", out var seq) ? seq.GetInt64() : 0,
                item.TryGetProperty("by", out var by) ? by.GetString() : null,
                item.TryGetProperty("note", out var note) ? note.GetString() : null));
        }

        return result;
    }

    public static SessionStatus ParseStatus(string? text)
        => text switch
        {
            SessionStatusNames.Live => SessionStatus.Live,
            SessionStatusNames.Leave => SessionStatus.Leave,
            SessionStatusNames.Closed => SessionStatus.Closed,
            _ => throw new FormatException($"'{text}' is not a session status."),
        };
}
