namespace SessionGrid.Postgres.Migrations;

/// <summary>
/// The schema could not be brought up to date: the database is unreachable, a migration failed (and
/// was rolled back), an applied migration was edited, or the migration files themselves are invalid.
/// </summary>
public sealed class MigrationException : Exception
{
    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
