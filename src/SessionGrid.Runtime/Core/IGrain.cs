namespace SessionGrid.Runtime.Core;

/// <summary>Marker for grain interfaces.</summary>
public interface IGrain
{
}
