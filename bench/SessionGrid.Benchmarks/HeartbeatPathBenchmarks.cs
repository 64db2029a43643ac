using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;
using SessionGrid.Protocol;
using SessionGrid.Runtime.Cluster;
using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Hosting;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Benchmarks;

/// <summary>
/// One heartbeat through the server, minus the socket: frame + decode + session id + the call into a
/// live session grain (counters, MarkDirty, miss timer pushed later) and back. This is the work the
/// gateway does per heartbeat on top of Kestrel's read.
/// </summary>
[MemoryDiagnoser]
public class HeartbeatPathBenchmarks
{
    private const string Remote = "127.0.0.1:50000";
    private const int CallsPerInvoke = 1_000;
    private readonly ClientMessageDecoder _decoder = new();
    private readonly SessionIdResolver _resolver = new();
    private IHost _host = null!;
    private IClientSessionGrain _grain = null!;
    private ReadOnlySequence<byte> _frame;
    private readonly string _sessionId = "10.0.0.5:4242";

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SiloIdentity("bench", DateTimeOffset.UtcNow));
        builder.Services.AddGrainStorageCore();
        builder.Services.AddReminderCore();
        builder.Services.AddGrainRuntime();
        builder.Services.AddSessionGrains(builder.Configuration);
        _host = builder.Build();
        _host.StartAsync().GetAwaiter().GetResult();
        _grain = _host.Services.GetRequiredService<IGrainFactory>().GetGrain<IClientSessionGrain>(_sessionId);
        _grain.AttachAsync(new AttachRequest(new BenchConnection(1, Remote), null)).AsTask().GetAwaiter().GetResult();

        var buffer = new ArrayBufferWriter<byte>();
        ClientFrameWriter.WriteHeartbeat(buffer, new HeartbeatFields("10.0.0.5", "alive", 4242, null, null, null, false), doubleEncoded: false);
        _frame = new ReadOnlySequence<byte>(buffer.WrittenMemory.ToArray());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
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
