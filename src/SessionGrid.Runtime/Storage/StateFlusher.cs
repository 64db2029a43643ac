using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// The silo's single writer of persistent state. Write-throughs are snapshotted in the caller's turn
/// and written at once, coalesced with whatever else is pending; dirty states are snapshotted every
/// <see cref="PersistenceOptions.MaxStaleness"/> in a turn of their activation and written in batches.
/// Batches run one at a time, so no state is ever in two writes at once and ETags never race.
/// </summary>
internal sealed partial class StateFlusher : IHostedService, IStateFlusher, IStateFlusherStatistics, IDisposable
{
    private readonly PersistenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StateFlusher> _logger;
    private readonly ConcurrentQueue<FlushableState> _dirty = new();
    private readonly PendingWriteQueue _pending;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    // Cancels the background loop's waits; the loop finishes the batch it is writing.
    private readonly CancellationTokenSource _stopLoop = new();

    // Cancels writes themselves, once the host's stop deadline has passed.
    private readonly CancellationTokenSource _abortWrites = new();
    private readonly StateFlusherMetrics _metrics;
    private ITimer? _tickTimer;
    private ITimer? _roundTimer;
    private Task? _loop;
    private int _tickDue;
    private int _inlineDriver;
    private int _shedding;
    private int _disposed;
    private long _shedReported;

    public StateFlusher(IOptions<PersistenceOptions> options, TimeProvider timeProvider, ILogger<StateFlusher> logger)
    {
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _pending = new PendingWriteQueue(_options.MaxPendingWrites);
        _metrics = new StateFlusherMetrics(this);
    }

    public IStateFlusherStatistics Statistics => this;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tickTimer = _time.CreateTimer(static s => ((StateFlusher)s!).OnTick(), this, _options.MaxStaleness, _options.MaxStaleness);
        _roundTimer = _time.CreateTimer(static s => ((StateFlusher)s!).Wake(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pending.SetHasDriver(true);
        _loop = Task.Run(() => RunAsync(_stopLoop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using var abort = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abortWrites);
        await _stopLoop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        // From here on writers drive the writing themselves; the final flush below takes all queued so far.
        _pending.SetHasDriver(false);
        _tickTimer?.Dispose();
        _roundTimer?.Dispose();
        try
        {
            var rows = await FlushAllAsync(_abortWrites.Token).ConfigureAwait(false);
            LogStopped(_logger, rows);
        }
        catch (OperationCanceledException)
        {
            LogStopIncomplete(_logger, _pending.Count, _dirty.Count);
        }
    }

    public async Task<int> FlushAllAsync(CancellationToken cancellationToken = default)
    {
        var before = RowsWritten;
        var round = BeginSnapshotRound();
        await round.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        return (int)(RowsWritten - before);
    }

    public void Dispose()
    {
        // Resolved as several service types, so the container disposes it more than once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _tickTimer?.Dispose();
        _roundTimer?.Dispose();
        _stopLoop.Cancel();
        _abortWrites.Cancel();
        _stopLoop.Dispose();
        _abortWrites.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Snapshots the dirty states and completes when all of them are queued; for tests and FlushAll.</summary>
    internal Task SnapshotDirtyAsync() => BeginSnapshotRound().Completion;

    internal void Wake() => _wake.Writer.TryWrite(true);

    internal void EnqueueDirty(FlushableState state) => _dirty.Enqueue(state);

    internal void EnqueueWriteBehind(FlushableState state, object snapshot, long sequence)
    {
        _pending.Enqueue(state, snapshot, sequence, waiter: null, out var shed);
        if (shed > 0)
        {
            OnShed();
        }

        // A full batch is ready: no reason to wait for the rest of the round.
        if (_pending.QueuedCount >= _options.MaxBatchSize)
        {
            Wake();
        }
    }

    internal Task EnqueueWriteThrough(FlushableState state, object snapshot, long sequence)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var driven = _pending.Enqueue(state, snapshot, sequence, written, out var shed);
        if (shed > 0)
        {
            OnShed();
        }

        if (driven)
        {
            Wake();
        }
        else
        {
            DriveInline();
        }

        return written.Task;
    }

    internal Task? WhenWritten(FlushableState state)
    {
        var written = _pending.WhenWritten(state, out var driven);
        if (written is not null && !driven)
        {
            DriveInline();
        }

        return written;
    }

    internal void OnSnapshotFailed(FlushableState state, Exception error)
        => LogSnapshotFailed(_logger, state.StateName, state.Context.GrainId.ToString(), error);

    private void OnTick()
    {
        Volatile.Write(ref _tickDue, 1);
        Wake();
    }

    private enum BatchOutcome
    {
        Empty,
        Written,
        Failed,
    }
}
