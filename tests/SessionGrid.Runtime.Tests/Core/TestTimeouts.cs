namespace SessionGrid.Runtime.Tests.Core;

/// <summary>How long a test waits for something that should happen; generous for a 2-core CI box.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);
}
