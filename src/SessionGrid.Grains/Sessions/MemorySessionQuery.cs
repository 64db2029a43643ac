using SessionGrid.Grains.Storage;

namespace SessionGrid.Grains.Sessions;

/// <summary>
/// <see cref="ISessionQuery"/> over the embedded in-memory store. A scan with a bounded heap keeps
/// only the first <c>limit</c> ids, so a page costs O(n log limit), not a full sort.
/// </summary>
public sealed class MemorySessionQuery(MemorySessionStore storage, SessionStateMachine machine, TimeProvider time) : ISessionQuery
{
    public ValueTask<IReadOnlyList<SessionSnapshot>> ListAsync(SessionStatus? status, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var page = new PriorityQueue<SessionState, string>(limit + 1, Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));
        foreach (var state in storage.Snapshot())
        {
            if (status is { } wanted && state.Status != wanted)
            {
                continue;
            }

            page.Enqueue(state, state.SessionId);
            if (page.Count > limit)
            {
                page.Dequeue();
            }
        }

        var now = time.GetUtcNow();
        var result = new SessionSnapshot[page.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = SessionSnapshot.From(page.Dequeue(), machine, now);
        }

        return ValueTask.FromResult<IReadOnlyList<SessionSnapshot>>(result);
    }

    public ValueTask<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>
        {
            [SessionStatusNames.Live] = 0,
            [SessionStatusNames.Leave] = 0,
            [SessionStatusNames.Closed] = 0,
        };
        foreach (var state in storage.Snapshot())
        {
            counts[state.Status.ToWire()]++;
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, long>>(counts);
    }
}
