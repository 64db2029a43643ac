using System.Buffers;
using BenchmarkDotNet.Attributes;
using SessionGrid.Benchmarks.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Protocol;

namespace SessionGrid.Benchmarks;

/// <summary>
/// One heartbeat through the server, minus the socket: frame + decode + session id + the Orleans call
/// into a live session grain on an in-process silo (counters, MarkDirty, miss deadline pushed later on
/// the wheel) and back. This is the work the gateway does per heartbeat on top of Kestrel's read. The
/// grain reference is kept per connection, as the gateway keeps it.
/// </summary>
[MemoryDiagnoser]
public class HeartbeatPathBenchmarks
{
    private const string Remote = "127.0.0.1:50000";
    private const int CallsPerInvoke = 1_000;
    private readonly ClientMessageDecoder _decoder = new();
    private readonly SessionIdResolver _resolver = new();
    private BenchSilo _silo = null!;
    private BenchConnection _connection = null!;
    private IClientSessionGrain _grain = null!;
    private ReadOnlySequence<byte> _frame;
    private readonly string _sessionId = "10.0.0.5:4242";

    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchSilo.StartAsync().GetAwaiter().GetResult();
        _grain = _silo.Grains.GetGrain<IClientSessionGrain>(_sessionId);
        _connection = BenchConnection.Create(_silo.Grains, 1, Remote);
        _grain.AttachAsync(_connection.Attach()).AsTask().GetAwaiter().GetResult();

        var buffer = new ArrayBufferWriter<byte>();
        ClientFrameWriter.WriteHeartbeat(buffer, new HeartbeatFields("10.0.0.5", "alive", 4242, null, null, null, false), doubleEncoded: false);
        _frame = new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.KeepAlive(_connection);
    }

    // Many heartbeats per invoke, so the harness's own await per invoke does not count as the path's.
    [Benchmark(Description = "grain call only (live session, no transition)", OperationsPerInvoke = CallsPerInvoke)]
    public async Task GrainCall()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            await _grain.HeartbeatAsync(new HeartbeatRequest(1, ClientDeclaredStatus.Live, "10.0.0.5", 4242, 40));
        }
    }

    [Benchmark(Description = "frame + decode + session id + grain call", OperationsPerInvoke = CallsPerInvoke)]
    public async Task FullPath()
    {
        for (var i = 0; i < CallsPerInvoke; i++)
        {
            await OneHeartbeat();
        }
    }

    private ValueTask<HeartbeatOutcome> OneHeartbeat()
    {
        FrameCodec.TryReadFrame(_frame, FrameCodec.DefaultMaxFrameLength, out var body, out _, out var length);
        _decoder.TryDecode(body, out var message);
        var sessionId = _resolver.Resolve(message.Id, message.Ip, message.HasPid, message.Pid, Remote);
        var ip = _resolver.GetIp(message.Ip);

        // The gateway keeps the reference while the session id (a cached string) is unchanged.
        if (!string.Equals(sessionId, _sessionId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Session id changed to {sessionId}.");
        }

        return _grain.HeartbeatAsync(new HeartbeatRequest(1, ClientDeclaredStatus.Live, ip, message.Pid, length + 4));
    }
}
