namespace SessionGrid.Silo.Hosting;

/// <summary>Who this silo is. Bound from the <c>Silo</c> configuration section.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>Name shown as the owner of sessions. Default <c>{machine}:{gateway port}</c>.</summary>
    public string? Name { get; set; }
}
