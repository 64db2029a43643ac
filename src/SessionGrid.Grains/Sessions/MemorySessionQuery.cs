using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// <see cref="ISessionQuery"/> over the embedded in-memory store. A scan with a bounded heap keeps only
/// the first <c>limit + 1</c> matching rows after the cursor, so a page costs O(n log limit), not a full sort.
/// </summary>
public sealed class MemorySessionQuery(MemorySessionStore storage, SessionStateMachine machine, TimeProvider time) : ISessionQuery
{
    public ValueTask<SessionListPage> ListAsync(SessionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, SessionListQuery.MaxLimit);

        // The heap's top is the row that comes last in the query's order: it is the one dropped.
        var keep = query.Limit + 1;
        var page = new PriorityQueue<SessionState, SessionListPosition>(keep + 1, Comparer<SessionListPosition>.Create((a, b) => query.Compare(b, a)));
        foreach (var state in storage.Snapshot())
        {
            if (!query.Matches(state))
            {
                continue;
            }

            var position = query.PositionOf(state);
            if (query.After is { } after && query.Compare(position, after) <= 0)
            {
                continue;
            }

            page.Enqueue(state, position);
            if (page.Count > keep)
            {
                page.Dequeue();
            }
        }

        var more = page.Count == keep;
        if (more)
        {
            page.Dequeue();
        }

        var now = time.GetUtcNow();
        var items = new SessionSnapshot[page.Count];
        SessionState? last = null;
        for (var i = items.Length - 1; i >= 0; i--)
        {
            var state = page.Dequeue();
            last ??= state;
            items[i] = SessionSnapshot.From(state, machine, now);
        }

        var next = more ? SessionListCursor.Encode(query, query.PositionOf(last!)) : null;
        return ValueTask.FromResult(new SessionListPage(items, next));
    }

    public ValueTask<SessionCounts> CountAsync(CancellationToken cancellationToken)
    {
        var groups = new Dictionary<(string?, SessionStatus), long>();
        foreach (var state in storage.Snapshot())
        {
            var key = (state.OwnerSilo, state.Status);
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }

        return ValueTask.FromResult(SessionCounts.From(groups.Select(static g => (g.Key.Item1, g.Key.Item2.ToWire(), g.Value))));
    }
}
