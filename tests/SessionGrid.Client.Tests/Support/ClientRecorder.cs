using System.Collections.Concurrent;
using SessionGrid.TestKit;

namespace SessionGrid.Client.Tests.Support;

/// <summary>
/// Records every event a client raises, in order, and lets a test wait for one: tests wait on what
/// the client announces instead of sleeping.
/// </summary>
public sealed class ClientRecorder
{
    private readonly ConcurrentQueue<EventArgs> _events = new();

    public ClientRecorder(SessionGridClient client)
    {
        client.Connected += Record;
        client.Welcome += Record;
        client.StateChanged += Record;
        client.ServerClosed += Record;
        client.ServerError += Record;
        client.Ack += Record;
        client.Disconnected += Record;
        client.Reconnecting += Record;
        client.GaveUp += Record;
    }

    public IReadOnlyList<EventArgs> Events => [.. _events];

    public IReadOnlyList<T> All<T>()
        where T : EventArgs => [.. _events.OfType<T>()];

    public int Count<T>(Func<T, bool>? match = null)
        where T : EventArgs => _events.OfType<T>().Count(e => match?.Invoke(e) ?? true);

    /// <summary>The first recorded event of type <typeparamref name="T"/> matching <paramref name="match"/>, waiting for it if needed.</summary>
    public Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : EventArgs => WaitForNthAsync(1, match);

    /// <summary>The <paramref name="n"/>-th matching event, waiting for it if needed; fails with the history when the hang guard runs out.</summary>
    public async Task<T> WaitForNthAsync<T>(int n, Func<T, bool>? match = null)
        where T : EventArgs
    {
        T? found = null;
        var seen = await Eventually.TrueAsync(() => (found = _events.OfType<T>().Where(e => match?.Invoke(e) ?? true).Skip(n - 1).FirstOrDefault()) is not null);
        return seen ? found! : throw new TimeoutException($"No {n}. {typeof(T).Name} matching the condition; events so far: {Describe()}");
    }

    public string Describe() => string.Join(", ", _events.Select(Describe));

    private static string Describe(EventArgs e) => e switch
    {
        ConnectedEventArgs c => $"Connected(attempt {c.Attempt}, reconnect {c.IsReconnect})",
        WelcomeEventArgs w => $"Welcome({w.Session}, {w.IntervalSeconds}s)",
        StateChangedEventArgs s => $"State({s.Status}, {s.Reason})",
        ServerClosedEventArgs c => $"ServerClosed({c.Reason}, reconnect {c.WillReconnect})",
        ServerErrorEventArgs r => $"ServerError({r.Code}: {r.Message})",
        AckEventArgs a => $"Ack({a.Seq})",
        DisconnectedEventArgs d => $"Disconnected({d.Kind}: {d.Message})",
        ReconnectingEventArgs r => $"Reconnecting(attempt {r.Attempt}, {r.Delay.TotalMilliseconds:0} ms, after {r.LastFailureKind})",
        GaveUpEventArgs g => $"GaveUp({g.Info.Reason}: {g.Info.Message})",
        _ => e.GetType().Name,
    };

    private void Record<T>(object? sender, T e)
        where T : EventArgs => _events.Enqueue(e);
}
