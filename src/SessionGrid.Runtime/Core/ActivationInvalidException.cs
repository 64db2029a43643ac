namespace SessionGrid.Runtime.Core;

/// <summary>
/// The reason handed to <see cref="IGrainWorkItem.OnDropped"/> when an activation deactivated before it
/// ran the item: a call forwards itself to a new activation, a timer tick is dropped. It is a signal,
/// never thrown, so one shared instance serves every drop.
/// </summary>
internal sealed class ActivationInvalidException : Exception
{
    public static readonly ActivationInvalidException Instance = new();

    private ActivationInvalidException()
        : base("The activation was deactivated before it ran this work item.")
    {
    }
}
