using Orleans.Storage;
using SessionGrid.Grains.Deadlines;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// How the session's state reaches the "sessions" provider. At most one write is in flight (so the ETag
/// it carries is always the latest); a write asked for meanwhile waits for it and then carries every change
/// made so far. Counter changes (heartbeats) are written behind within MaxStaleness: a change made when no
/// write is in flight, the last one started at least MaxStaleness ago and the store admits a write-behind
/// goes to the provider at once, in the same turn, without waiting for it (the provider gathers many
/// sessions' write-behind into one round trip, <see cref="PersistenceOptions.WriteBehindWindow"/>): a client
/// heartbeating slower than MaxStaleness costs one row per heartbeat and no flush call. Any other change
/// arms a flush deadline on the wheel, MaxStaleness ahead, which carries every change made until it fires
/// and is then released. Transitions are written through: they never wait for a held batch.
/// </summary>
public sealed partial class ClientSessionGrain
{
    // A timestamp no write started at: before the first write, any change is written at once.
    private const long NeverWritten = long.MinValue;

    private TaskCompletionSource? _writeInFlight;
    private TaskCompletionSource? _writeNext;
    private bool _writeInFlightBehind;
    private bool _writeNextThrough;

    // Set while a flush is armed (or fired and not yet run); null otherwise, so an idle session holds no entry.
    private SessionDeadline? _flushDeadline;
    private long _lastWriteStarted = NeverWritten;
    private bool _dirty;
    private bool _fenced;

    private void MarkDirty()
    {
        // The heartbeat path: when a flush is already armed it carries this change too, so this is one field write.
        _dirty = true;
        if (_flushDeadline is not null || _fenced)
        {
            return;
        }

        if (_writeInFlight is null && LastWriteOlderThanMaxStaleness() && _storage.TryAdmitWriteBehind())
        {
            WriteAsync(behind: true).Ignore();
            return;
        }

        // Too soon after the last write, a write in flight, or the store's buffer full: a flush MaxStaleness
        // from now carries this change and every later one in one write.
        ArmFlush();
    }

    private bool LastWriteOlderThanMaxStaleness()
        => _lastWriteStarted == NeverWritten || _time.GetElapsedTime(_lastWriteStarted) >= _persistence.MaxStaleness;

    private void ArmFlush() => (_flushDeadline ??= NewDeadline(DeadlineKind.Flush)).Arm(_persistence.MaxStaleness);

    /// <summary>
    /// Completes when every change made so far is durable; fails when this activation was fenced out.
    /// <paramref name="behind"/>: counters only, which may wait in the provider for a fuller batch.
    /// </summary>
    private Task WriteAsync(bool behind = false)
    {
        if (_fenced)
        {
            return Task.FromException(FencedOut());
        }

        _dirty = false;
        if (_writeInFlight is not null)
        {
            if (!behind)
            {
                _writeNextThrough = true;
                if (_writeInFlightBehind)
                {
                    // The write this one waits for may be held for a fuller batch: send it now.
                    _storage.Expedite();
                }
            }

            return (_writeNext ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        _writeInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writeNextThrough = !behind;
        var written = _writeInFlight.Task;

        // Runs synchronously up to the provider's copy of the state, inside this turn; what follows runs
        // on this activation's scheduler as its writes land.
        _ = RunWritesAsync();
        return written;
    }

    /// <summary>
    /// The flush deadline came: write the counters behind (joining a write in flight at no cost to the
    /// buffer) and release the deadline, or, while the store's buffer is full, try again MaxStaleness later.
    /// </summary>
    private void Flush()
    {
        if (_fenced)
        {
            return;
        }

        if (_dirty && _writeInFlight is null && !_storage.TryAdmitWriteBehind())
        {
            ArmFlush();
            return;
        }

        // Disposed, not kept disarmed: a session heartbeating slower than MaxStaleness holds no flush entry
        // between writes, and the next change that needs one makes a new one.
        _flushDeadline?.Dispose();
        _flushDeadline = null;
        if (_dirty)
        {
            WriteAsync(behind: true).Ignore();
        }
    }

    private async Task RunWritesAsync()
    {
        while (_writeInFlight is { } current)
        {
            try
            {
                // Transitions' write-throughs count too: any write carries the counters.
                _lastWriteStarted = _time.GetTimestamp();
                _writeInFlightBehind = !_writeNextThrough;
                _writeNextThrough = false;
                await (_writeInFlightBehind
                    ? _storage.WriteBehindAsync(SessionId, _state)
                    : _storage.WriteThroughAsync(SessionId, _state));
                current.TrySetResult();
            }
            catch (Exception ex)
            {
                var next = _writeNext;
                _writeInFlight = null;
                _writeNext = null;
                current.TrySetException(ex);
                next?.TrySetException(ex);
                if (ex is InconsistentStateException)
                {
                    OnFencedOut();
                }
                else
                {
                    // Not durable (the store stopped): the changes are still to be written.
                    _dirty = true;
                }

                return;
            }

            _writeInFlight = _writeNext;
            _writeNext = null;
        }
    }

    /// <summary>A newer activation elsewhere owns the session: this one's client must go to it, and this activation goes away.</summary>
    private void OnFencedOut()
    {
        if (_fenced)
        {
            return;
        }

        _fenced = true;
        _missDeadline?.Disarm();
        _leaveDeadline?.Disarm();
        _flushDeadline?.Disarm();
        if (_connection is { } connection)
        {
            LogFencedOut(_logger, SessionId, _connectionEndpoint ?? "unknown");
            Detach();
            connection.CloseAsync(TransitionReasons.TakenOver).Ignore();
        }

        DeactivateOnIdle();
    }

    private void ThrowIfFenced()
    {
        if (_fenced)
        {
            throw FencedOut();
        }
    }

    private InconsistentStateException FencedOut()
        => new($"Session {SessionId} is owned by a newer activation; this one is going away.", storedEtag: null, currentEtag: _state.ETag);
}
