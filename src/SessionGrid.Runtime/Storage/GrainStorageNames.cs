namespace SessionGrid.Runtime.Storage;

/// <summary>Well-known keys of <see cref="IGrainStorage"/> registrations.</summary>
public static class GrainStorageNames
{
    /// <summary>The provider used when a <see cref="PersistentStateAttribute"/> names none.</summary>
    public const string Default = "Default";
}
