using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// Idle collection without scanning every activation: activations that may become idle sit in a
/// ring of time buckets, one per <see cref="GrainRuntimeOptions.CollectionQuantum"/>, keyed by
/// when they could first be idle for <see cref="GrainRuntimeOptions.CollectionAge"/> (last use +
/// age). Each quantum the collector looks only at the buckets that came due; an activation used
/// since goes into a later bucket. Calls never touch the buckets (they only write a timestamp), and
/// kept-alive activations are not in them at all, so the cost tracks activations that may be idle.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly object _lock = new();
    private readonly ActivationData?[] _buckets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly long _quantum;
    private readonly long _age;
    private readonly TimeSpan _period;
    private long _processed;
    private int _tracked;
    private ITimer? _timer;

    public ActivationCollector(TimeProvider time, IOptions<GrainRuntimeOptions> options, ILogger<ActivationCollector> logger)
    {
        var o = options.Value;
        _time = time;
        _logger = logger;
        _period = o.CollectionQuantum;
        _quantum = Math.Max(1, ToTimestamp(o.CollectionQuantum));
        _age = ToTimestamp(o.CollectionAge);

        // Every key lies in (processed, processed + age/quantum + 2), so the ring never wraps onto a live bucket.
        _buckets = new ActivationData?[(_age / _quantum) + 3];
        _origin = time.GetTimestamp();
    }

    /// <summary>Activations currently waiting in a bucket.</summary>
    internal int TrackedCount => Volatile.Read(ref _tracked);

    public void Start()
    {
        lock (_lock)
        {
            _timer ??= _time.CreateTimer(static s => ((ActivationCollector)s!).CollectDue(), this, _period, _period);
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    /// <summary>Puts <paramref name="activation"/> into the bucket of its last use + age (moving it if already tracked).</summary>
    internal void Track(ActivationData activation)
    {
        lock (_lock)
        {
            Unlink(activation);
            Link(activation, activation.LastUse + _age);
        }
    }

    internal void Untrack(ActivationData activation)
    {
        lock (_lock)
        {
            Unlink(activation);
        }
    }

    /// <summary>Checks the buckets that came due; returns how many activations were deactivated.</summary>
    internal int CollectDue()
    {
        int collected = 0, checkedCount = 0;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var target = (now - _origin) / _quantum;
            var from = _processed;
            if (target <= from)
            {
                return 0;
            }

            // New keys are computed against the target from here on, so re-bucketed activations land after it.
            _processed = target;
            var first = Math.Max(from + 1, target - _buckets.Length + 1);
            for (var key = first; key <= target; key++)
            {
                var index = (int)(key % _buckets.Length);
                var activation = _buckets[index];
                _buckets[index] = null;
                while (activation is not null)
                {
                    var next = activation.CollectorNext;
                    activation.CollectorNext = activation.CollectorPrev = null;
                    activation.CollectorBucket = -1;
                    _tracked--;
                    checkedCount++;
                    switch (activation.CheckIdle(now, _age, out var recheckAt))
                    {
                        case ActivationData.IdleCheck.Collected:
                            collected++;
                            break;
                        case ActivationData.IdleCheck.Recheck:
                            Link(activation, recheckAt);
                            break;
                    }

                    activation = next;
                }
            }
        }

        if (checkedCount > 0)
        {
            CatalogLog.IdleCollection(_logger, checkedCount, collected);
        }

        return collected;
    }

    private void Link(ActivationData activation, long dueTimestamp)
    {
        // Round up: an activation is never checked before it could have been idle for the full age.
        var key = Math.Max(_processed + 1, CeilDiv(dueTimestamp - _origin, _quantum));
        var index = (int)(key % _buckets.Length);
        var head = _buckets[index];
        activation.CollectorPrev = null;
        activation.CollectorNext = head;
        if (head is not null)
        {
            head.CollectorPrev = activation;
        }

        _buckets[index] = activation;
        activation.CollectorBucket = index;
        _tracked++;
    }

    private void Unlink(ActivationData activation)
    {
        if (activation.CollectorBucket < 0)
        {
            return;
        }

        var prev = activation.CollectorPrev;
        var next = activation.CollectorNext;
        if (prev is not null)
        {
            prev.CollectorNext = next;
        }
        else
        {
            _buckets[activation.CollectorBucket] = next;
        }

        if (next is not null)
        {
            next.CollectorPrev = prev;
        }

        activation.CollectorNext = activation.CollectorPrev = null;
        activation.CollectorBucket = -1;
        _tracked--;
    }

    private static long CeilDiv(long value, long divisor) => value <= 0 ? 0 : ((value - 1) / divisor) + 1;

    private long ToTimestamp(TimeSpan span) => (long)(span.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
