using SessionGrid.Postgres.Reminders;
using SessionGrid.Postgres.Tests.Storage;
using SessionGrid.Runtime.Reminders;
using SessionGrid.TestKit.Reminders;

namespace SessionGrid.Postgres.Tests.Reminders;

public sealed class PostgresReminderTableContractTests(MigratedDatabaseFixture database)
    : ReminderTableContractTests, IClassFixture<MigratedDatabaseFixture>
{
    protected override IReminderTable Table { get; } = new PostgresReminderTable(database.DataSource);
}
