using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Placement;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// A session follows its connection. A client that reconnects through another silo's gateway attaches to
/// the activation where it is; after that turn the activation migrates to the gateway's silo (Orleans live
/// migration with a placement hint), carrying its state, ETag and connection, so heartbeats stay local
/// calls and the new silo owns the row. The state (with its ETag) travels in the dehydration context, so
/// the new activation does not read the row.
/// </summary>
public sealed partial class ClientSessionGrain : IGrainMigrationParticipant
{
    private const string StateKey = "state";
    private const string ConnectionKey = "connection";
    private const string ConnectionIdKey = "connection-id";
    private const string EndpointKey = "endpoint";

    private bool _arrived;
    private bool _rehydrated;
    private SiloAddress? _localSilo;

    private SiloAddress LocalSilo => _localSilo ??= ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public void OnDehydrate(IDehydrationContext dehydrationContext)
    {
        if (_fenced)
        {
            // A newer activation owns the row: the next one must read it, not carry this one's copy.
            return;
        }

        dehydrationContext.TryAddValue(StateKey, _state);
        if (_connection is { } connection)
        {
            dehydrationContext.TryAddValue(ConnectionKey, connection);
            dehydrationContext.TryAddValue(ConnectionIdKey, _connectionId);
            dehydrationContext.TryAddValue(EndpointKey, _connectionEndpoint);
        }
    }

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (!rehydrationContext.TryGetValue<GrainState<SessionState>>(StateKey, out var state) || state?.State is null)
        {
            return;
        }

        _state.State = state.State;
        _state.ETag = state.ETag;
        _state.RecordExists = state.RecordExists;
        _rehydrated = true;
        if (rehydrationContext.TryGetValue<ISessionConnection>(ConnectionKey, out var connection) && connection is not null
            && rehydrationContext.TryGetValue<long>(ConnectionIdKey, out var connectionId))
        {
            rehydrationContext.TryGetValue<string>(EndpointKey, out var endpoint);
            _connection = connection;
            _connectionId = connectionId;
            _connectionEndpoint = endpoint;
            _arrived = true;
        }
    }

    /// <summary>After this turn, move to <paramref name="target"/> when it is not this silo.</summary>
    private void FollowConnection(SiloAddress? target)
    {
        if (target is null || target.Equals(LocalSilo))
        {
            return;
        }

        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        this.MigrateOnIdle();
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
    }

    /// <summary>Arrived by migration with its connection: this silo claims the row and the deadlines resume here.</summary>
    private async Task OnArrivedAsync()
    {
        State.Connected = true;
        DelayDeactivation(KeepConnectedAlive);
        ClaimOwnership();
        await WriteAsync();
        _claimed = true;
        if (State.Status == SessionStatus.Live)
        {
            ArmMissDeadline(_time.GetUtcNow());
        }
    }
}
