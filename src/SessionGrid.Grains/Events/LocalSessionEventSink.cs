using SessionGrid.Grains.Hosting;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Events;

/// <summary>
/// Where this silo's grains report durable transitions: the recent-events ring and, when this silo's
/// feed is fed locally (the embedded default), the live hub. With PostgreSQL the hub hears every silo's
/// transitions from the database instead, so <paramref name="hub"/> is null there.
/// </summary>
public sealed class LocalSessionEventSink(RecentSessionEvents recent, SessionEventHub? hub, SiloIdentity silo) : ISessionEventSink
{
    public void Publish(string sessionId, SessionTransition transition)
    {
        var item = new SessionEvent(sessionId, transition, silo.Name);
        recent.Add(item);
        hub?.Publish(item);
    }
}
