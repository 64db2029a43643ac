namespace SessionGrid.Postgres.Migrations;

/// <summary>What one <see cref="MigrationRunner.ApplyAsync"/> did.</summary>
/// <param name="Applied">Versions this run applied, in order.</param>
/// <param name="AlreadyPresent">Versions that were already applied (by an earlier run, another silo or an operator).</param>
public sealed record MigrationReport(IReadOnlyList<int> Applied, IReadOnlyList<int> AlreadyPresent);
