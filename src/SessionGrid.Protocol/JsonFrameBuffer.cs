using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SessionGrid.Protocol;

/// <summary>
/// A JSON writer over a reused body buffer. The body is built first and then framed, because the
/// header needs its length and an <see cref="IBufferWriter{T}"/> cannot be written after Advance.
/// </summary>
internal sealed class JsonFrameBuffer
{
    // Relaxed: bodies never land in HTML, and deployed clients expect \" rather than \u0022
    // inside double-encoded bodies.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly ArrayBufferWriter<byte> _body;
    private readonly Utf8JsonWriter _json;

    public JsonFrameBuffer(int initialCapacity)
    {
        _body = new ArrayBufferWriter<byte>(initialCapacity);
        _json = new Utf8JsonWriter(_body, WriterOptions);
    }

    /// <summary>Clears the body and returns the writer to fill it.</summary>
    public Utf8JsonWriter Begin()
    {
        _body.ResetWrittenCount();
        _json.Reset();
        return _json;
    }

    /// <summary>The JSON written since <see cref="Begin"/>.</summary>
    public ReadOnlySpan<byte> Flush()
    {
        _json.Flush();
        return _body.WrittenSpan;
    }

    /// <summary>Writes the JSON written since <see cref="Begin"/> as one frame.</summary>
    public void WriteFrameTo(IBufferWriter<byte> destination) => FrameCodec.WriteFrame(destination, Flush());
}
