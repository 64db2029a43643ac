using Microsoft.Extensions.Logging;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Cluster;

/// <summary>
/// When a silo dies (or stops), its live sessions have no activation left, so nothing would ever move a
/// silent one to leave. On every membership change (and once at start), the first active silo by
/// address finds live sessions whose owner is no longer a member (<c>sessions.owner_silo</c>) and
/// tells each grain its owner is gone: the grain activates here, its miss deadline resumes from the
/// last heartbeat, and unless the client comes back first it goes to leave with <c>silo-lost</c>.
/// Every silo sees the same membership, so exactly one sweeps; a second sweep is harmless (the call
/// is idempotent).
/// </summary>
internal sealed partial class SiloLossSweeper(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IGrainFactory grains,
    IOrphanedSessionQuery query,
    ILogger<SiloLossSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int PageSize = 500;

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(SiloLossSweeper), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                if (IsSweeper(snapshot))
                {
                    await SweepAsync(snapshot, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private bool IsSweeper(ClusterMembershipSnapshot snapshot)
        => snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .Order()
            .FirstOrDefault() is { } first && first.Equals(local.SiloAddress);

    private async Task SweepAsync(ClusterMembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        // Members not yet dead still own their sessions (a stopping silo writes them itself).
        var owners = snapshot.Members.Values
            .Where(m => m.Status != SiloStatus.Dead)
            .Select(m => SessionOwner.Format(m.Name, m.SiloAddress))
            .ToList();
        string? after = null;
        var found = 0;
        try
        {
            while (true)
            {
                var page = await query.ListLiveNotOwnedByAsync(owners, after, PageSize, cancellationToken);
                foreach (var orphan in page)
                {
                    await grains.GetGrain<IClientSessionGrain>(orphan.SessionId).OwnerLostAsync(orphan.OwnerSilo);
                }

                found += page.Count;
                if (page.Count < PageSize)
                {
                    break;
                }

                after = page[^1].SessionId;
            }

            if (found > 0)
            {
                LogSwept(logger, found, snapshot.Version.Value);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store or a grain failed: the next membership change sweeps again.
            LogSweepFailed(logger, ex, snapshot.Version.Value);
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Silo loss: {Count} live sessions of departed silos handed to their grains (membership version {Version})")]
    private static partial void LogSwept(ILogger logger, int count, long version);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Silo loss: the sweep at membership version {Version} failed; the next membership change retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, long version);
}
