using SessionGrid.Grains.Sessions;

namespace SessionGrid.TestKit;

/// <summary>Polls a session's snapshot until a condition holds; fails with the last snapshot seen.</summary>
public static class SessionPolling
{
    public static async Task<SessionSnapshot> WaitAsync(Func<Task<SessionSnapshot?>> get, string id, Func<SessionSnapshot, bool> condition, TimeSpan? timeout, string? context = null)
    {
        SessionSnapshot? last = null;
        if (await Eventually.TrueAsync(async () => (last = await get()) is not null && condition(last), timeout: timeout))
        {
            return last!;
        }

        throw new TimeoutException($"Session {id} did not reach the expected state{context}; last seen: {last}");
    }
}
