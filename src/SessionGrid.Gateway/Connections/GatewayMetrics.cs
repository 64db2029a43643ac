using System.Diagnostics.Metrics;
using SessionGrid.Grains.Cluster;
using SessionGrid.Protocol;

namespace SessionGrid.Gateway.Connections;

/// <summary>
/// Gateway counters: plain fields bumped with Interlocked on the hot path, published as observable
/// instruments of the <c>SessionGrid.Gateway</c> meter (so an exporter costs nothing per frame).
/// </summary>
public sealed class GatewayMetrics : ISiloLoadSource, IDisposable
{
    public const string MeterName = "SessionGrid.Gateway";

    private static readonly ProtocolErrorCode[] s_codes = Enum.GetValues<ProtocolErrorCode>();
    private readonly long[] _violations = new long[s_codes.Length];
    private readonly Meter _meter;
    private long _accepted;
    private long _open;
    private long _frames;
    private long _bytes;
    private long _heartbeats;

    public GatewayMetrics()
    {
        _meter = new Meter(MeterName);
        _meter.CreateObservableCounter("sessiongrid.gateway.connections.accepted", () => ConnectionsAccepted);
        _meter.CreateObservableUpDownCounter("sessiongrid.gateway.connections.open", () => ConnectionsOpen);
        _meter.CreateObservableCounter("sessiongrid.gateway.frames", () => FramesIn);
        _meter.CreateObservableCounter("sessiongrid.gateway.bytes", () => BytesIn, unit: "By");
        _meter.CreateObservableCounter("sessiongrid.gateway.heartbeats", () => Heartbeats);
        _meter.CreateObservableCounter("sessiongrid.gateway.protocol_violations", ObserveViolations);
    }

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);

    public long ConnectionsOpen => Interlocked.Read(ref _open);

    public long FramesIn => Interlocked.Read(ref _frames);

    public long BytesIn => Interlocked.Read(ref _bytes);

    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Protocol violations counted for <paramref name="code"/>.</summary>
    public long Violations(ProtocolErrorCode code) => Interlocked.Read(ref _violations[(int)code]);

    /// <summary>Violations by wire code, for health and the API (codes with none are left out).</summary>
    public IReadOnlyDictionary<string, long> ViolationsByCode()
    {
        var result = new Dictionary<string, long>();
        foreach (var code in s_codes)
        {
            var count = Violations(code);
            if (count > 0)
            {
                result[ProtocolErrors.ToWireCode(code)] = count;
            }
        }

        return result;
    }

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _open);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _open);

    internal void Frame(int bytes)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Add(ref _bytes, bytes);
    }

    internal void Heartbeat() => Interlocked.Increment(ref _heartbeats);

    internal void Violation(ProtocolErrorCode code) => Interlocked.Increment(ref _violations[(int)code]);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> ObserveViolations()
    {
        foreach (var code in s_codes)
        {
            if (code != ProtocolErrorCode.None)
            {
                yield return new Measurement<long>(Violations(code), new KeyValuePair<string, object?>("code", ProtocolErrors.ToWireCode(code)));
            }
        }
    }
}
