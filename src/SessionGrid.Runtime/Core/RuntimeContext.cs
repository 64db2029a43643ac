namespace SessionGrid.Runtime.Core;

/// <summary>Ambient activation context while the catalog constructs a grain.</summary>
internal static class RuntimeContext
{
    [ThreadStatic]
    private static IGrainContext? t_activating;

    internal static IGrainContext? Activating
    {
        get => t_activating;
        set => t_activating = value;
    }
}
