namespace SessionGrid.Runtime.Core;

/// <summary>Creates references to grains. A reference is cheap; the activation is created on the first call.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with key <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is null or empty, or no grain class is registered for the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
