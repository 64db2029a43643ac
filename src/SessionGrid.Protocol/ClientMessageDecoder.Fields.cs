using System.Text.Json;

namespace SessionGrid.Protocol;

public sealed partial class ClientMessageDecoder
{
    private enum Field
    {
        Unknown,
        Type,
        Ip,
        Status,
        Pid,
        Id,
        Seq,
        Ts,
        Ack,
        Token,
        Interval,
        Reason,
    }

    // Longest known name is "interval" (8 bytes); escaped as \uXXXX that is 48 raw bytes.
    private const int MaxEscapedFieldName = 64;

    private bool _hasStatus;

    /// <summary>
    /// Reads the object the reader is on, up to its end. Semantic errors are remembered, not
    /// returned at once, so that a syntax error later in the body still wins.
    /// </summary>
    private ProtocolErrorCode ReadObject(scoped ref Utf8JsonReader reader, ref ClientMessage message)
    {
        _hasStatus = false;
        ProtocolErrorCode error = ProtocolErrorCode.None;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Field field = Identify(ref reader);
            reader.Read();

            // null means "not sent": clients built from optional fields may emit it.
            if (field != Field.Unknown && error == ProtocolErrorCode.None && reader.TokenType != JsonTokenType.Null)
            {
                error = ReadField(field, ref reader, ref message);
            }

            // Steps over nested objects and arrays (unknown fields, or known fields of the wrong type).
            reader.Skip();
        }

        return error;
    }

    /// <summary>Checks what depends on the whole object: the required fields of each kind.</summary>
    private ProtocolErrorCode Validate(ref ClientMessage message)
    {
        switch (message.Kind)
        {
            case ClientMessageKind.Heartbeat:
                if (message.Ip.IsEmpty)
                {
                    return Fail(ProtocolErrorCode.MissingIp, "A heartbeat must carry a non-empty \"ip\" string.");
                }

                if (!_hasStatus)
                {
                    return Fail(ProtocolErrorCode.MissingStatus, "A heartbeat must carry a \"status\" string.");
                }

                return ProtocolErrorCode.None;

            case ClientMessageKind.Bye:
                message.Status = DeclaredStatus.Close;
                return ProtocolErrorCode.None;

            default:
                return ProtocolErrorCode.None;
        }
    }

    private ProtocolErrorCode ReadField(Field field, scoped ref Utf8JsonReader reader, ref ClientMessage message)
    {
        switch (field)
        {
            case Field.Type:
                return ReadType(ref reader, ref message);

            case Field.Status:
                return ReadStatus(ref reader, ref message);

            case Field.Ip:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"ip\" must be a string.");
                }

                message.Ip = ReadText(ref reader);
                return IdentifierRules.IsValid(message.Ip, IdentifierRules.MaxIpBytes, allowEmpty: true)
                    ? ProtocolErrorCode.None
                    : Fail(ProtocolErrorCode.InvalidField, $"Field \"ip\" must be at most {IdentifierRules.MaxIpBytes} bytes of printable text.");

            case Field.Id:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"id\" must be a string.");
                }

                message.Id = ReadText(ref reader);
                return IdentifierRules.IsValid(message.Id, IdentifierRules.MaxIdBytes, allowEmpty: false)
                    ? ProtocolErrorCode.None
                    : Fail(ProtocolErrorCode.InvalidField, $"Field \"id\" must be 1 to {IdentifierRules.MaxIdBytes} bytes of printable text, not only spaces.");

            case Field.Token:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"token\" must be a string.");
                }

                message.Token = ReadText(ref reader);
                return ProtocolErrorCode.None;

            case Field.Reason:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"reason\" must be a string.");
                }

                message.Reason = ReadText(ref reader);
                return ProtocolErrorCode.None;

            case Field.Pid:
                if (!TryReadInt64(ref reader, out long pid))
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"pid\" must be an integer.");
                }

                message.Pid = pid;
                message.HasPid = true;
                return ProtocolErrorCode.None;

            case Field.Seq:
                if (!TryReadInt64(ref reader, out long seq))
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"seq\" must be an integer.");
                }

                message.Seq = seq;
                message.HasSeq = true;
                return ProtocolErrorCode.None;

            case Field.Ts:
                if (!TryReadInt64(ref reader, out long ts))
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"ts\" must be an integer (unix milliseconds).");
                }

                message.TimestampMs = ts;
                message.HasTimestamp = true;
                return ProtocolErrorCode.None;

            case Field.Interval:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int interval) || interval <= 0)
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"interval\" must be a positive integer (seconds).");
                }

                message.IntervalSeconds = interval;
                message.HasInterval = true;
                return ProtocolErrorCode.None;

            case Field.Ack:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return Fail(ProtocolErrorCode.InvalidField, "Field \"ack\" must be true or false.");
                }

                message.Ack = reader.TokenType == JsonTokenType.True;
                return ProtocolErrorCode.None;

            default:
                return ProtocolErrorCode.None;
        }
    }

    private ProtocolErrorCode ReadType(scoped ref Utf8JsonReader reader, ref ClientMessage message)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return Fail(ProtocolErrorCode.InvalidField, "Field \"type\" must be a string.");
        }

        ReadOnlySpan<byte> type = ReadText(ref reader);
        if (type.SequenceEqual("hb"u8))
        {
            message.Kind = ClientMessageKind.Heartbeat;
        }
        else if (type.SequenceEqual("hello"u8))
        {
            message.Kind = ClientMessageKind.Hello;
        }
        else if (type.SequenceEqual("bye"u8))
        {
            message.Kind = ClientMessageKind.Bye;
        }
        else
        {
            return Fail(ProtocolErrorCode.UnknownType, "Field \"type\" must be \"hb\", \"hello\" or \"bye\".");
        }

        return ProtocolErrorCode.None;
    }

    private ProtocolErrorCode ReadStatus(scoped ref Utf8JsonReader reader, ref ClientMessage message)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return Fail(ProtocolErrorCode.InvalidStatus, "Field \"status\" must be one of \"alive\", \"live\", \"leave\", \"close\".");
        }

        ReadOnlySpan<byte> status = ReadText(ref reader);
        if (status.SequenceEqual("alive"u8) || status.SequenceEqual("live"u8))
        {
            message.Status = DeclaredStatus.Live;
        }
        else if (status.SequenceEqual("leave"u8))
        {
            message.Status = DeclaredStatus.Leave;
        }
        else if (status.SequenceEqual("close"u8))
        {
            message.Status = DeclaredStatus.Close;
        }
        else
        {
            return Fail(ProtocolErrorCode.InvalidStatus, "Field \"status\" must be one of \"alive\", \"live\", \"leave\", \"close\".");
        }

        _hasStatus = true;
        return ProtocolErrorCode.None;
    }

    private static bool TryReadInt64(scoped ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
    }

    private static Field Identify(scoped ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Match(reader.ValueSpan);
        }

        if (reader.ValueSpan.Length > MaxEscapedFieldName)
        {
            return Field.Unknown;
        }

        Span<byte> name = stackalloc byte[MaxEscapedFieldName];
        int written = reader.CopyString(name);
        return Match(name[..written]);
    }

    // Switch on length first: most names are rejected or matched with a single comparison.
    private static Field Match(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("ip"u8) => Field.Ip,
        2 when name.SequenceEqual("id"u8) => Field.Id,
        2 when name.SequenceEqual("ts"u8) => Field.Ts,
        3 when name.SequenceEqual("pid"u8) => Field.Pid,
        3 when name.SequenceEqual("seq"u8) => Field.Seq,
        3 when name.SequenceEqual("ack"u8) => Field.Ack,
        4 when name.SequenceEqual("type"u8) => Field.Type,
        5 when name.SequenceEqual("token"u8) => Field.Token,
        6 when name.SequenceEqual("status"u8) => Field.Status,
        6 when name.SequenceEqual("reason"u8) => Field.Reason,
        8 when name.SequenceEqual("interval"u8) => Field.Interval,
        _ => Field.Unknown,
    };
}
