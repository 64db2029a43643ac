using System.Collections.Concurrent;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// The run's counters, bumped with Interlocked from every client and read live by the progress
/// display and at the end by the summary.
/// </summary>
internal sealed class LoadStats
{
    /// <summary>Server frame types the summary counts, in its order; anything else is <c>other</c>.</summary>
    public static readonly string[] FrameTypes = ["welcome", "state", "close", "error", "ack", "other"];

    private readonly long[] _errors = new long[ErrorKinds.All.Length];
    private readonly long[] _frames = new long[FrameTypes.Length];
    private readonly ConcurrentDictionary<string, long> _errorCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ErrorKind, string> _firstErrors = new();
    private readonly ConcurrentQueue<double> _detectionsMs = new();
    private readonly ConcurrentQueue<double> _resumesMs = new();
    private long _up;
    private long _failed;
    private long _open;
    private long _heartbeats;
    private long _reconnects;
    private long _silenced;
    private long _falseLeaves;
    private int _leaveAfterSeconds = -1;

    public long ConnectionsUp => Interlocked.Read(ref _up);

    public long ConnectionsFailed => Interlocked.Read(ref _failed);

    public long ConnectionsOpen => Interlocked.Read(ref _open);

    public long HeartbeatsSent => Interlocked.Read(ref _heartbeats);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long Silenced => Interlocked.Read(ref _silenced);

    public long Detected => _detectionsMs.Count;

    public long FalseLeaves => Interlocked.Read(ref _falseLeaves);

    /// <summary>The <c>leaveAfter</c> of the first <c>welcome</c> frame, in seconds; null before one arrived.</summary>
    public int? LeaveAfterSeconds => Volatile.Read(ref _leaveAfterSeconds) is var value and >= 0 ? value : null;

    /// <summary>Detection delays in milliseconds, in no particular order.</summary>
    public IReadOnlyCollection<double> DetectionsMs => _detectionsMs;

    /// <summary>Per reconnect that got its welcome: milliseconds from the start of the connect to the welcome.</summary>
    public IReadOnlyCollection<double> ResumesMs => _resumesMs;

    /// <summary>Codes of the <c>error</c> frames the server sent, with counts.</summary>
    public IReadOnlyDictionary<string, long> ServerErrorCodes => _errorCodes;

    /// <summary>The first message seen for each error kind that occurred.</summary>
    public IReadOnlyDictionary<ErrorKind, string> FirstErrors => _firstErrors;

    public long Errors(ErrorKind kind) => Interlocked.Read(ref _errors[(int)kind]);

    public long Frames(int typeIndex) => Interlocked.Read(ref _frames[typeIndex]);

    public void ConnectionUp(bool reconnect)
    {
        Interlocked.Increment(ref reconnect ? ref _reconnects : ref _up);
        Interlocked.Increment(ref _open);
    }

    public void ConnectionFailed(bool reconnect, ErrorKind kind, string message)
    {
        if (!reconnect)
        {
            Interlocked.Increment(ref _failed);
        }

        Error(kind, message);
    }

    public void ConnectionEnded() => Interlocked.Decrement(ref _open);

    public void Error(ErrorKind kind, string message)
    {
        Interlocked.Increment(ref _errors[(int)kind]);
        _firstErrors.TryAdd(kind, message);
    }

    public void AddHeartbeats(int count) => Interlocked.Add(ref _heartbeats, count);

    public void WentSilent() => Interlocked.Increment(ref _silenced);

    public void LeaveDetected(double milliseconds) => _detectionsMs.Enqueue(milliseconds);

    public void Resumed(double milliseconds) => _resumesMs.Enqueue(milliseconds);

    public void FalseLeave() => Interlocked.Increment(ref _falseLeaves);

    public void Frame(string type, int? leaveAfterSeconds, string? errorCode)
    {
        var index = Array.IndexOf(FrameTypes, type);
        Interlocked.Increment(ref _frames[index < 0 ? FrameTypes.Length - 1 : index]);
        if (leaveAfterSeconds is { } leaveAfter)
        {
            Interlocked.CompareExchange(ref _leaveAfterSeconds, leaveAfter, -1);
        }

        if (errorCode is not null)
        {
            _errorCodes.AddOrUpdate(errorCode, 1, static (_, count) => count + 1);
        }
    }
}
