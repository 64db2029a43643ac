using Microsoft.Extensions.Options;

namespace SessionGrid.Grains.Storage;

/// <summary>Rejects <see cref="PersistenceOptions"/> the session store cannot work with, at start-up.</summary>
internal sealed class PersistenceOptionsValidator : IValidateOptions<PersistenceOptions>
{
    public ValidateOptionsResult Validate(string? name, PersistenceOptions options)
    {
        var failures = new List<string>();
        if (options.MaxStaleness <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(PersistenceOptions.MaxStaleness)} must be positive (was {options.MaxStaleness}).");
        }

        if (options.WriteBehindWindow < TimeSpan.Zero || options.WriteBehindWindow > options.MaxStaleness)
        {
            failures.Add($"{nameof(PersistenceOptions.WriteBehindWindow)} must be from zero to {nameof(PersistenceOptions.MaxStaleness)} (was {options.WriteBehindWindow}).");
        }

        if (options.MaxBatchSize < 1)
        {
            failures.Add($"{nameof(PersistenceOptions.MaxBatchSize)} must be at least 1 (was {options.MaxBatchSize}).");
        }

        if (options.MaxPendingWrites < 1)
        {
            failures.Add($"{nameof(PersistenceOptions.MaxPendingWrites)} must be at least 1 (was {options.MaxPendingWrites}).");
        }

        if (options.RetryBackoffInitial <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(PersistenceOptions.RetryBackoffInitial)} must be positive (was {options.RetryBackoffInitial}).");
        }

        if (options.RetryBackoffMax < options.RetryBackoffInitial)
        {
            failures.Add($"{nameof(PersistenceOptions.RetryBackoffMax)} must be at least {nameof(PersistenceOptions.RetryBackoffInitial)} (was {options.RetryBackoffMax}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
