using System.Reflection;
using System.Text.Json;
using SessionGrid.Grains.Sessions;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>
/// The session state copies itself for the flusher's snapshots (instead of a JSON round trip): the copy
/// must hold every field and share nothing mutable, including fields added later.
/// </summary>
public sealed class SessionStateCopyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sample_SetsEveryProperty_SoTheComparisonsBelowCoverNewFieldsToo()
    {
        var sample = Sample();
        var fresh = new SessionState();

        var unset = typeof(SessionState).GetProperties()
            .Where(p => JsonSerializer.Serialize(p.GetValue(sample)) == JsonSerializer.Serialize(p.GetValue(fresh)))
            .Select(static p => p.Name);

        Assert.Empty(unset);
    }

    [Fact]
    public void DeepCopy_EqualsTheJsonRoundTrip()
    {
        var sample = Sample();

        var copy = (SessionState)sample.DeepCopy();

        Assert.NotSame(sample, copy);
        Assert.Equal(JsonSerializer.Serialize(sample), JsonSerializer.Serialize(copy));
    }

    [Fact]
    public void DeepCopy_LaterChangesToTheOriginal_DoNotReachTheCopy()
    {
        var sample = Sample();
        var copy = (SessionState)sample.DeepCopy();
        var before = JsonSerializer.Serialize(copy);

        sample.HeartbeatsReceived++;
        sample.RecentTransitions.Add(new SessionTransition(T0.AddHours(1), SessionStatus.Leave, SessionStatus.Live, "recovered", 2, 9));
        sample.PendingEvents.Clear();

        Assert.Equal(before, JsonSerializer.Serialize(copy));
    }

    [Fact]
    public void Properties_AreValuesStringsOrTransitionLists_SoAFieldWiseCopyIsDeep()
    {
        // A new mutable member (an array, a dictionary, a class) would be shared by MemberwiseClone:
        // DeepCopy must then copy it, and this list must be extended on purpose.
        var shared = typeof(SessionState).GetProperties()
            .Where(static p => !(p.PropertyType.IsValueType || p.PropertyType == typeof(string) || p.PropertyType == typeof(List<SessionTransition>)))
            .Select(static p => p.Name);

        Assert.Empty(shared);
        Assert.All(typeof(SessionTransition).GetProperties(), static p => Assert.True(IsInitOnly(p), $"SessionTransition.{p.Name} is settable"));
    }

    private static bool IsInitOnly(PropertyInfo property)
        => property.SetMethod is null
            || property.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit));

    private static SessionState Sample() => new()
    {
        SessionId = "dev-1",
        Incarnation = 2,
        Status = SessionStatus.Leave,
        StatusReason = "heartbeat-timeout",
        FirstSeen = T0,
        StateSince = T0.AddMinutes(5),
        LastHeartbeat = T0.AddMinutes(4),
        LastActivity = T0.AddMinutes(4).AddSeconds(1),
        Interval = TimeSpan.FromSeconds(10),
        HeartbeatsReceived = 31,
        MissedIntervalsCompleted = 3,
        Leaves = 1,
        Recoveries = 1,
        Reconnects = 2,
        ProtocolViolations = 1,
        BytesIn = 4096,
        RecoveryStreak = 1,
        Connected = true,
        ReconnectedInLeave = true,
        ConnectedSince = T0.AddMinutes(1),
        ConnectionsThisIncarnation = 3,
        RemoteEndpoint = "10.0.0.1:5000",
        Pid = 42,
        DeclaredIp = "10.0.0.1",
        OwnerSilo = "silo-a",
        OwnerEpoch = 7,
        TransitionSeq = 8,
        RecentTransitions = [new SessionTransition(T0, null, SessionStatus.Live, "connected", 2, 7)],
        PendingEvents = [new SessionTransition(T0.AddMinutes(5), SessionStatus.Live, SessionStatus.Leave, "heartbeat-timeout", 2, 8)],
    };
}
