namespace SessionGrid.Runtime.Storage;

/// <summary>A conditional write found another version in storage than the one it expected.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag)
    : Exception(message)
{
    public string? StoredEtag { get; } = storedEtag;

    public string? CurrentEtag { get; } = currentEtag;
}
