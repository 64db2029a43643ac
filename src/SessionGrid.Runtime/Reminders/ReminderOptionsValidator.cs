using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Reminders;

/// <summary>Rejects <see cref="ReminderOptions"/> the reminder service cannot honour, at start-up.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReminderOptions.RefreshPeriod)} must be positive (was {options.RefreshPeriod}).");
        }

        if (options.LoadWindow < options.RefreshPeriod)
        {
            failures.Add($"{nameof(ReminderOptions.LoadWindow)} must be at least {nameof(ReminderOptions.RefreshPeriod)}, or reminders fire late (was {options.LoadWindow}).");
        }

        if (options.MinimumPeriod <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReminderOptions.MinimumPeriod)} must be positive (was {options.MinimumPeriod}).");
        }

        if (options.RetryBackoffInitial <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(ReminderOptions.RetryBackoffInitial)} must be positive (was {options.RetryBackoffInitial}).");
        }

        if (options.RetryBackoffMax < options.RetryBackoffInitial)
        {
            failures.Add($"{nameof(ReminderOptions.RetryBackoffMax)} must be at least {nameof(ReminderOptions.RetryBackoffInitial)} (was {options.RetryBackoffMax}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
