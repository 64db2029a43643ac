using SessionGrid.Runtime.Reminders;
using SessionGrid.TestKit.Reminders;

namespace SessionGrid.Runtime.Tests.Reminders;

public sealed class MemoryReminderTableContractTests : ReminderTableContractTests
{
    protected override IReminderTable Table { get; } = new MemoryReminderTable();
}
