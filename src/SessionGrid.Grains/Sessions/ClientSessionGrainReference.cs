using SessionGrid.Runtime.Core;

namespace SessionGrid.Grains.Sessions;

/// <summary>Hand-written invoker: one static lambda per method, so local calls use no reflection and allocate nothing.</summary>
internal sealed class ClientSessionGrainReference(IGrainCallRouter router, GrainId grainId)
    : GrainReference(router, grainId), IClientSessionGrain
{
    public ValueTask<AttachResult> AttachAsync(AttachRequest request)
        => InvokeAsync(static (IClientSessionGrain g, AttachRequest r) => g.AttachAsync(r), request);

    public ValueTask<HeartbeatOutcome> HeartbeatAsync(HeartbeatRequest request)
        => InvokeAsync(static (IClientSessionGrain g, HeartbeatRequest r) => g.HeartbeatAsync(r), request);

    public ValueTask<HeartbeatOutcome> ByeAsync(ByeRequest request)
        => InvokeAsync(static (IClientSessionGrain g, ByeRequest r) => g.ByeAsync(r), request);

    public ValueTask ConnectionLostAsync(ConnectionLostRequest request)
        => InvokeAsync(static (IClientSessionGrain g, ConnectionLostRequest r) => g.ConnectionLostAsync(r), request);

    public ValueTask RecordProtocolViolationAsync(long connectionId)
        => InvokeAsync(static (IClientSessionGrain g, long id) => g.RecordProtocolViolationAsync(id), connectionId);

    public ValueTask<SessionSnapshot?> GetSnapshotAsync()
        => InvokeAsync(static (IClientSessionGrain g, bool _) => g.GetSnapshotAsync(), false);

    public ValueTask<bool> KickAsync(string reason)
        => InvokeAsync(static (IClientSessionGrain g, string r) => g.KickAsync(r), reason);
}
