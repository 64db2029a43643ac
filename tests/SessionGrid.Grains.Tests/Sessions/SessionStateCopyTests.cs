using System.Reflection;
using System.Text.Json;
using SessionGrid.Grains.Sessions;
using SessionGrid.TestKit.Sessions;

namespace SessionGrid.Grains.Tests.Sessions;

/// <summary>
/// The session state copies itself for the "sessions" provider's snapshots (instead of a JSON round trip): the copy
/// must hold every field and share nothing mutable, including fields added later.
/// </summary>
public sealed class SessionStateCopyTests
{
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
    public void Copy_EqualsTheJsonRoundTrip()
    {
        var sample = Sample();

        var copy = sample.Copy();

        Assert.NotSame(sample, copy);
        Assert.Equal(JsonSerializer.Serialize(sample), JsonSerializer.Serialize(copy));
    }

    [Fact]
    public void Copy_LaterChangesToTheOriginal_DoNotReachTheCopy()
    {
        var sample = Sample();
        var copy = sample.Copy();
        var before = JsonSerializer.Serialize(copy);

        sample.HeartbeatsReceived++;
        sample.RecentTransitions.Add(new SessionTransition(SessionStates.T0.AddHours(1), SessionStatus.Leave, SessionStatus.Live, "recovered", 2, 9));
        sample.PendingEvents.Clear();

        Assert.Equal(before, JsonSerializer.Serialize(copy));
    }

    [Fact]
    public void Properties_AreValuesStringsOrTransitionLists_SoAFieldWiseCopyIsDeep()
    {
        // A new mutable member (an array, a dictionary, a class) would be shared by MemberwiseClone:
        // Copy must then copy it, and this list must be extended on purpose.
        var shared = typeof(SessionState).GetProperties()
            .Where(static p => !(p.PropertyType.IsValueType || p.PropertyType == typeof(string) || p.PropertyType == typeof(List<SessionTransition>)))
            .Select(static p => p.Name);

        Assert.Empty(shared);
        Assert.All(typeof(SessionTransition).GetProperties(), static p => Assert.True(IsInitOnly(p), $"SessionTransition.{p.Name} is settable"));
    }

    private static bool IsInitOnly(PropertyInfo property)
        => property.SetMethod is null
            || property.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit));

    private static SessionState Sample() => SessionStates.Full("dev-1");
}
