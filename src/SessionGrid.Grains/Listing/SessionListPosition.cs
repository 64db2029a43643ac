namespace SessionGrid.Grains.Listing;

/// <summary>
/// A place in a sorted session list: the sort value of a row and its session id (the tiebreak). The next
/// page starts strictly after it. <see cref="Key"/> is UTC ticks for time sorts (null: no heartbeat yet),
/// the count for <see cref="SessionSort.Heartbeats"/>, and unused (0) for <see cref="SessionSort.Id"/>.
/// </summary>
public sealed record SessionListPosition(long? Key, string SessionId);
