namespace SessionGrid.Silo.Hosting;

/// <summary>Which store this silo runs on, as health and the start-up log describe it.</summary>
public sealed record StorageMode(string Name, string Description)
{
    public static readonly StorageMode Memory = new("memory", "in-memory (embedded default; nothing survives a restart)");

    public static StorageMode Postgres(string where) => new("postgres", $"PostgreSQL at {where}");
}
