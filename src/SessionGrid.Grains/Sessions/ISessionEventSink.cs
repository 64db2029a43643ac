namespace SessionGrid.Grains.Sessions;

/// <summary>Receives every session transition after it is durable (live stream, event log).</summary>
public interface ISessionEventSink
{
    void Publish(string sessionId, SessionTransition transition);
}
