using SessionGrid.TestKit;

namespace SessionGrid.Cluster.Tests.Support;

/// <summary>Keeps a client's session alive in the background (a heartbeat every 300 ms, no acks) until disposed.</summary>
public sealed class HeartbeatLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HeartbeatLoop(FrameClient client, string ip, string id, long firstSeq)
        => _loop = RunAsync(client, ip, id, firstSeq, _stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static async Task RunAsync(FrameClient client, string ip, string id, long seq, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await client.SendHeartbeatAsync(ip, id: id, seq: seq++);
                await Task.Delay(300, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
