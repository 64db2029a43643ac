namespace SessionGrid.Api.Endpoints;

/// <summary>The live event stream (<c>GET /api/events/stream</c>). Bound from the <c>EventStream</c> configuration section.</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "EventStream";

    /// <summary>The longest a stream may be idle, 1 hour.</summary>
    public static readonly TimeSpan MaxKeepAlive = TimeSpan.FromHours(1);

    /// <summary>
    /// After this long without an event, the stream sends a comment line (<c>: keep-alive</c>), which SSE
    /// clients ignore, so that proxies and load balancers with an idle timeout do not cut a quiet stream.
    /// Default 15 seconds; positive, at most <see cref="MaxKeepAlive"/>. Keep it below the shortest idle
    /// timeout between the silo and its clients.
    /// </summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What is wrong with these options, one sentence each; empty when nothing is.</summary>
    public IReadOnlyList<string> Validate()
        => KeepAlive <= TimeSpan.Zero || KeepAlive > MaxKeepAlive
            ? [$"EventStream:KeepAlive must be positive and at most {MaxKeepAlive:c} (was {KeepAlive:c})."]
            : [];
}
