using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Storage;

/// <summary>
/// The "sessions" Orleans storage provider: session rows in an <see cref="ISessionStore"/>, with
/// <b>group commit</b>. <see cref="WriteStateAsync"/> copies the state at once (inside the caller's turn)
/// and queues it; one writer takes everything queued into one <see cref="ISessionStore.WriteBatchAsync"/>
/// round trip while the previous one is in flight, and completes each caller when its row is durable.
/// A store that fails keeps the writes queued and retries them with backoff (degraded) instead of
/// failing the callers; only a version conflict fails a write (<see cref="InconsistentStateException"/>).
/// </summary>
/// <remarks>
/// <para>The queue is bounded for write-behind only: a grain asks <see cref="TryAdmitWriteBehind"/> before
/// queueing counters (<see cref="WriteBehindAsync"/>), and stays dirty when refused; transitions are always
/// queued. A session grain never has two writes in flight, so the ETag it passes is always the latest.</para>
/// <para>With a store that batches (<see cref="ISessionStore.BatchesWriteBehind"/>: PostgreSQL) a batch of
/// write-behind only is held until its oldest row is <see cref="PersistenceOptions.WriteBehindWindow"/> old
/// or the batch is full, so the heartbeats of many sessions share one round trip; a write-through, a
/// drain or <see cref="Expedite"/> sends it at once.</para>
/// </remarks>
public sealed partial class SessionGrainStorage : IGrainStorage, ISessionStorageStatistics, IDisposable
{
    private readonly ISessionStore _store;
    private readonly PersistenceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SessionStorageMetrics _metrics;
    private readonly object _lock = new();
    private readonly Queue<QueuedWrite> _queue = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<QueuedWrite> _batch = [];
    private TaskCompletionSource _idle = CompletedSource();
    private TaskCompletionSource _degradedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Set while the writer holds a batch of write-behind back for more rows; completing it sends at once.
    private TaskCompletionSource? _wake;
    private bool _writing;
    private bool _hurry;
    private int _pending;
    private long _batches;
    private long _rows;
    private long _failures;
    private long _conflicts;
    private long _shed;
    private long _lastFlushTicks;
    private int _consecutiveFailures;
    private int _shedding;
    private volatile bool _degraded;

    public SessionGrainStorage(ISessionStore store, IOptions<PersistenceOptions> options, TimeProvider time, ILogger<SessionGrainStorage> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = new SessionStorageMetrics(this);
    }

    public ISessionStore Store => _store;

    public int PendingWrites => Volatile.Read(ref _pending);

    public long BatchesWritten => Interlocked.Read(ref _batches);

    public long RowsWritten => Interlocked.Read(ref _rows);

    public long WriteFailures => Interlocked.Read(ref _failures);

    public long Conflicts => Interlocked.Read(ref _conflicts);

    public long ShedWrites => Interlocked.Read(ref _shed);

    public DateTimeOffset? LastFlushTime
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastFlushTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public bool IsDegraded => _degraded;

    public Task WhenDegraded => Volatile.Read(ref _degradedSignal).Task;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureSessionState<T>(stateName);
        var stored = await _store.ReadAsync(grainId.Key.ToString()!, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.State = (T)(object)new SessionState();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = (T)(object)stored.State;
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
    }

    /// <summary>A write-through: it goes in the next round trip, with whatever write-behind is waiting.</summary>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureSessionState<T>(stateName);
        return WriteThroughAsync(grainId.Key.ToString()!, (IGrainState<SessionState>)grainState);
    }

    /// <summary><see cref="WriteStateAsync{T}"/> for a caller that holds the session's key already (the session grain).</summary>
    /// <param name="sessionId">The session grain's key (its <see cref="GrainId"/>'s key).</param>
    public Task WriteThroughAsync(string sessionId, IGrainState<SessionState> grainState) => Write(sessionId, grainState, behind: false);

    /// <summary>
    /// A write-behind (counters only): with a store that batches it may wait up to
    /// <see cref="PersistenceOptions.WriteBehindWindow"/> for other sessions' rows to share its round trip.
    /// Ask <see cref="TryAdmitWriteBehind"/> first.
    /// </summary>
    /// <param name="sessionId">The session grain's key (its <see cref="GrainId"/>'s key), which the grain keeps.</param>
    public Task WriteBehindAsync(string sessionId, IGrainState<SessionState> grainState) => Write(sessionId, grainState, behind: true);

    /// <summary>Sends what is queued now, write-behind included: a write-through waits behind the caller's write.</summary>
    public void Expedite()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _hurry = true;
            wake = _wake;
        }

        wake?.TrySetResult();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureSessionState<T>(stateName);
        await _store.ClearAsync(grainId.Key.ToString()!, grainState.ETag, CancellationToken.None).ConfigureAwait(false);
        grainState.State = (T)(object)new SessionState();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// Whether a write-behind (counters only) may be queued now. False when the buffer is full; the
    /// refusal is counted as shed, and the grain keeps the changes and tries again later.
    /// </summary>
    public bool TryAdmitWriteBehind()
    {
        if (Volatile.Read(ref _pending) < _options.MaxPendingWrites)
        {
            return true;
        }

        Interlocked.Increment(ref _shed);
        if (Interlocked.Exchange(ref _shedding, 1) == 0)
        {
            LogSheddingStarted(_logger, _options.MaxPendingWrites);
        }

        return false;
    }

    /// <summary>Completes when nothing is queued or being written, or when <paramref name="cancellationToken"/> fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_lock)
        {
            idle = _idle.Task;
        }

        Expedite();
        await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops retrying: writes still queued fail with <see cref="OperationCanceledException"/>.</summary>
    public void Abort() => _abort.Cancel();

    public void Dispose()
    {
        _abort.Cancel();
        _metrics.Dispose();
    }

    private static void EnsureSessionState<T>(string stateName)
    {
        if (typeof(T) != typeof(SessionState))
        {
            throw new NotSupportedException(
                $"The \"{SessionStorageNames.Sessions}\" storage provider stores {nameof(SessionState)} only; state '{stateName}' is a {typeof(T)}. Use the default provider for other grain state.");
        }
    }

    private static async Task CompleteAsync<T>(QueuedWrite queued, IGrainState<T> grainState)
    {
        await queued.Completion.Task.ConfigureAwait(false);
        grainState.ETag = queued.Write.NewETag;
        grainState.RecordExists = true;
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private Task Write(string sessionId, IGrainState<SessionState> grainState, bool behind)
    {
        // Copied now, in the caller's turn: the grain goes on mutating its state while this waits.
        var state = grainState.State ?? throw new ArgumentException($"Session {sessionId} has no state to write.", nameof(grainState));
        var write = new SessionStateWrite(sessionId, state.Copy(), grainState.ETag);
        var queued = new QueuedWrite(write, behind, _time.GetTimestamp());
        Enqueue(queued);
        return CompleteAsync(queued, grainState);
    }

    private void Enqueue(QueuedWrite queued)
    {
        var start = false;
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            _queue.Enqueue(queued);
            if (!queued.Behind)
            {
                wake = _wake;
            }

            // The writer decrements without the lock: a plain ++ here could lose one of its decrements.
            Interlocked.Increment(ref _pending);
            if (!_writing)
            {
                _writing = start = true;
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (start)
        {
            // Off the caller's turn: the writer must not run on (or capture) a grain's scheduler.
            _ = Task.Run(WriteLoopAsync);
        }

        wake?.TrySetResult();
    }

    private sealed class QueuedWrite(SessionStateWrite write, bool behind, long enqueued)
    {
        public SessionStateWrite Write { get; } = write;

        /// <summary>Counters only: may wait for a fuller batch.</summary>
        public bool Behind { get; } = behind;

        /// <summary>When it was queued (<see cref="TimeProvider.GetTimestamp"/>).</summary>
        public long Enqueued { get; } = enqueued;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
