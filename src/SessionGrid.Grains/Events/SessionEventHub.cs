using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Events;

/// <summary>
/// This silo's live feed of transitions (the API's event stream): what it publishes goes to every
/// subscriber whose filter matches. Fed by this silo's own transitions in the embedded default, and by
/// the database's notifications (every silo's transitions) with PostgreSQL.
/// </summary>
public sealed class SessionEventHub
{
    /// <summary>Events a subscriber may fall behind by before its oldest ones are dropped.</summary>
    public const int SubscriberCapacity = 1024;

    private readonly object _gate = new();
    private SessionEventSubscription[] _subscribers = [];

    /// <summary>Subscriptions open now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers).Length;

    public SessionEventSubscription Subscribe(SessionEventFilter filter)
    {
        var subscription = new SessionEventSubscription(this, filter, SubscriberCapacity);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    public void Publish(SessionEvent item)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(item);
        }
    }

    internal void Remove(SessionEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }
    }
}
