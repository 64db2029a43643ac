using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// Deep copies states, so a snapshot shares nothing with the live state the grain keeps mutating: with
/// the state's own <see cref="IDeepCopyable.DeepCopy"/> when it has one, else with a System.Text.Json
/// round trip (options from <see cref="GrainStateSerializerOptions"/>).
/// </summary>
internal sealed class GrainStateCopier
{
    // One buffer and writer per thread: snapshots are taken on many threads at once, and reusing
    // them leaves only the copied object graph to allocate.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly JsonSerializerOptions _options;

    public GrainStateCopier(IOptions<GrainStateSerializerOptions> options)
    {
        _options = options.Value.JsonSerializerOptions ?? throw new InvalidOperationException("GrainStateSerializerOptions.JsonSerializerOptions is null.");
        _options.MakeReadOnly(populateMissingResolver: true);
    }

    public JsonSerializerOptions SerializerOptions => _options;

    public TState Copy<TState>(TState value) where TState : class
        => (TState)Copy(value, typeof(TState));

    public object Copy(object value, Type type)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is IDeepCopyable copyable)
        {
            return copyable.DeepCopy();
        }

        var typeInfo = _options.GetTypeInfo(type);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        try
        {
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo)
                ?? throw new InvalidOperationException($"State of type {type} deserialized to null.");
        }
        finally
        {
            buffer.ResetWrittenCount();
            ReleaseLargeBuffer(buffer);
        }
    }

    private static void ReleaseLargeBuffer(ArrayBufferWriter<byte> buffer)
    {
        // A one-off huge state should not pin a huge array on this thread forever.
        if (buffer.Capacity > 1 << 20)
        {
            t_buffer = null;
            t_writer = null;
        }
    }
}
