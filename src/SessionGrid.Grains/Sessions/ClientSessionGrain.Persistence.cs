using Orleans.Storage;
using SessionGrid.Grains.Deadlines;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// How the session's state reaches the "sessions" provider. At most one write is in flight (so the ETag
/// it carries is always the latest); a write asked for meanwhile waits for it and then carries every change
/// made so far. Heartbeats only mark the state dirty and arm a flush deadline on the wheel, so counters
/// are written behind, batched with other sessions', within MaxStaleness.
/// </summary>
public sealed partial class ClientSessionGrain
{
    private TaskCompletionSource? _writeInFlight;
    private TaskCompletionSource? _writeNext;
    private SessionDeadline? _flushDeadline;
    private bool _flushArmed;
    private bool _dirty;
    private bool _fenced;

    private void MarkDirty()
    {
        // The heartbeat path: when a flush is already armed this is two field writes.
        _dirty = true;
        if (!_flushArmed && !_fenced)
        {
            _flushArmed = true;
            (_flushDeadline ??= NewDeadline(DeadlineKind.Flush)).Arm(_persistence.MaxStaleness);
        }
    }

    /// <summary>Completes when every change made so far is durable; fails when this activation was fenced out.</summary>
    private Task WriteAsync()
    {
        if (_fenced)
        {
            return Task.FromException(FencedOut());
        }

        _dirty = false;
        if (_writeInFlight is not null)
        {
            return (_writeNext ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        _writeInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = _writeInFlight.Task;

        // Runs synchronously up to the provider's copy of the state, inside this turn; what follows runs
        // on this activation's scheduler as its writes land.
        _ = RunWritesAsync();
        return written;
    }

    /// <summary>The flush deadline came: write the counters behind, unless the store's buffer is full.</summary>
    private void Flush()
    {
        _flushArmed = false;
        if (!_dirty || _fenced)
        {
            return;
        }

        // While a write is in flight the next one joins it at no cost to the buffer.
        if (_writeInFlight is null && !_storage.TryAdmitWriteBehind())
        {
            MarkDirty();
            return;
        }

        WriteAsync().Ignore();
    }

    private async Task RunWritesAsync()
    {
        while (_writeInFlight is { } current)
        {
            try
            {
                await _state.WriteStateAsync();
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
        => new($"Session {SessionId} is owned by a newer activation; this one is going away.", storedEtag: null, currentEtag: _state.Etag);
}
