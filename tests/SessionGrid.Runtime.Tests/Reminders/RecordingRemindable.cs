using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Reminders;
using SessionGrid.Runtime.Tests.Storage;

namespace SessionGrid.Runtime.Tests.Reminders;

/// <summary>A grain that records the reminder ticks it receives and can be told to fail some.</summary>
internal sealed class RecordingRemindable(GrainId grainId) : IRemindable
{
    private readonly object _lock = new();
    private readonly List<(string Name, TickStatus Status)> _ticks = [];
    private int _failuresLeft;

    public GrainId GrainId { get; } = grainId;

    /// <summary>Ticks received, failed ones included.</summary>
    public AwaitableCounter Received { get; } = new();

    /// <summary>Runs inside the handler after recording; lets a test act like grain code.</summary>
    public Func<string, TickStatus, Task>? OnTick { get; set; }

    public IReadOnlyList<(string Name, TickStatus Status)> Ticks
    {
        get
        {
            lock (_lock)
            {
                return [.. _ticks];
            }
        }
    }

    public void FailNext(int count)
    {
        lock (_lock)
        {
            _failuresLeft = count;
        }
    }

    public async Task ReceiveReminderAsync(string reminderName, TickStatus status)
    {
        bool fail;
        lock (_lock)
        {
            _ticks.Add((reminderName, status));
            fail = _failuresLeft > 0;
            if (fail)
            {
                _failuresLeft--;
            }
        }

        try
        {
            if (fail)
            {
                throw new InvalidOperationException("Handler failed on purpose.");
            }

            if (OnTick is { } onTick)
            {
                await onTick(reminderName, status);
            }
        }
        finally
        {
            Received.Add();
        }
    }
}
