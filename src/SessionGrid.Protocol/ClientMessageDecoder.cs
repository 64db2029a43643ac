using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace SessionGrid.Protocol;

/// <summary>
/// Decodes client frame bodies. One per connection: it reuses its scratch memory, so it is not
/// thread-safe, and a decoded <see cref="ClientMessage"/> is valid only until the next call.
/// Steady-state decoding allocates nothing, whatever the body form or segmentation.
/// </summary>
public sealed partial class ClientMessageDecoder : IDisposable
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    // Holds, in order: a multi-segment body copied flat, the unescaped content of a double-encoded
    // body, and unescaped string values. Each is at most the body length, hence 3x.
    private readonly ScratchArena _scratch = new();

    /// <summary>
    /// More about the last error (which field, where the JSON broke); <c>null</c> after a success.
    /// Allocates only on errors, which are not the hot path.
    /// </summary>
    public string? LastErrorDetail { get; private set; }

    /// <summary>
    /// Decodes one frame body: a JSON object, or a JSON string holding one (double-encoded).
    /// </summary>
    /// <returns><see cref="ProtocolErrorCode.None"/> on success; otherwise the violation, and <paramref name="message"/> is default.</returns>
    public ProtocolErrorCode TryDecode(in ReadOnlySequence<byte> body, out ClientMessage message)
    {
        message = default;
        LastErrorDetail = null;

        long bodyLength = body.Length;
        if (bodyLength > Array.MaxLength / 3)
        {
            // Frames are capped far below this by FrameCodec; refuse rather than overflow the arena.
            return Fail(ProtocolErrorCode.FrameTooLarge, "The body is too large to decode.");
        }

        int length = (int)bodyLength;
        _scratch.Begin(3 * length);

        ReadOnlySpan<byte> json;
        if (body.IsSingleSegment)
        {
            json = body.FirstSpan;
        }
        else
        {
            // Copy once so the reader, the UTF-8 check and the value spans all see one flat buffer.
            body.CopyTo(_scratch.Reserve(length));
            json = _scratch.Commit(length);
        }

        // Utf8JsonReader does not check the bytes inside strings, so do it once for the whole body.
        if (!Utf8.IsValid(json))
        {
            return Fail(ProtocolErrorCode.InvalidUtf8, "The body contains bytes that are not valid UTF-8.");
        }

        ProtocolErrorCode error;
        try
        {
            error = DecodeDocument(json, ref message);
        }
        catch (JsonException exception)
        {
            error = Fail(ProtocolErrorCode.InvalidJson, exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            // Thrown while unescaping a \u escape that is not valid UTF-16 (a lone surrogate).
            error = Fail(ProtocolErrorCode.InvalidUtf8, exception.Message);
        }

        if (error != ProtocolErrorCode.None)
        {
            message = default;
        }

        return error;
    }

    /// <summary>Returns the scratch memory to the shared pool. Optional: the decoder stays usable.</summary>
    public void Dispose() => _scratch.Dispose();

    private ProtocolErrorCode DecodeDocument(ReadOnlySpan<byte> json, ref ClientMessage message)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                ProtocolErrorCode error = ReadObject(ref reader, ref message);
                EnsureEnd(ref reader);
                return error == ProtocolErrorCode.None ? Validate(ref message) : error;

            case JsonTokenType.String:
                return DecodeDoubleEncoded(ref reader, ref message);

            default:
                // Check the syntax first, so broken JSON is reported as such, not as a wrong shape.
                reader.Skip();
                EnsureEnd(ref reader);
                return Fail(ProtocolErrorCode.NotAnObject, "The body is neither a JSON object nor a string holding one.");
        }
    }

    private ProtocolErrorCode DecodeDoubleEncoded(scoped ref Utf8JsonReader outer, ref ClientMessage message)
    {
        ReadOnlySpan<byte> inner = ReadText(ref outer);
        EnsureEnd(ref outer);
        message.DoubleEncoded = true;

        if (!StartsWithObject(inner))
        {
            return Fail(ProtocolErrorCode.NotAnObject, "The body is a JSON string, but its content is not a JSON object.");
        }

        var reader = new Utf8JsonReader(inner, ReaderOptions);
        reader.Read();
        ProtocolErrorCode error = ReadObject(ref reader, ref message);
        EnsureEnd(ref reader);
        return error == ProtocolErrorCode.None ? Validate(ref message) : error;
    }

    // A complete top-level value is followed only by whitespace: Read() then returns false,
    // and throws on anything else (trailing garbage, a second value).
    private static void EnsureEnd(scoped ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Unexpected content after the JSON value.");
        }
    }

    private static bool StartsWithObject(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    /// <summary>The unescaped UTF-8 of the current string token; copied into scratch only when it has escapes.</summary>
    private ReadOnlySpan<byte> ReadText(scoped ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        // Unescaping never makes text longer, so the raw length is enough room.
        Span<byte> destination = _scratch.Reserve(reader.ValueSpan.Length);
        int written = reader.CopyString(destination);
        return _scratch.Commit(written);
    }

    private ProtocolErrorCode Fail(ProtocolErrorCode code, string detail)
    {
        LastErrorDetail = detail;
        return code;
    }
}
