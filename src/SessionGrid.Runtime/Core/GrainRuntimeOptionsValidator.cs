using Microsoft.Extensions.Options;

namespace SessionGrid.Runtime.Core;

/// <summary>Fails start-up with a clear message when <see cref="GrainRuntimeOptions"/> cannot work.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    // The collector keeps one bucket per quantum of the collection age; past this it is a misconfiguration.
    internal const long MaxBucketsPerAge = 100_000;

    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (options.CollectionAge <= TimeSpan.Zero)
        {
            Fail($"GrainRuntimeOptions.CollectionAge must be positive (was {options.CollectionAge}).");
        }

        if (options.CollectionQuantum <= TimeSpan.Zero)
        {
            Fail($"GrainRuntimeOptions.CollectionQuantum must be positive (was {options.CollectionQuantum}).");
        }
        else if (options.CollectionAge > TimeSpan.Zero)
        {
            if (options.CollectionQuantum > options.CollectionAge)
            {
                Fail($"GrainRuntimeOptions.CollectionQuantum ({options.CollectionQuantum}) must not exceed CollectionAge ({options.CollectionAge}).");
            }
            else if (options.CollectionAge.Ticks / options.CollectionQuantum.Ticks > MaxBucketsPerAge)
            {
                Fail($"GrainRuntimeOptions.CollectionAge / CollectionQuantum must be at most {MaxBucketsPerAge} (was {options.CollectionAge} / {options.CollectionQuantum}).");
            }
        }

        if (options.TurnWarningThreshold <= TimeSpan.Zero)
        {
            Fail($"GrainRuntimeOptions.TurnWarningThreshold must be positive (was {options.TurnWarningThreshold}).");
        }

        if (options.DeactivationTimeout <= TimeSpan.Zero)
        {
            Fail($"GrainRuntimeOptions.DeactivationTimeout must be positive (was {options.DeactivationTimeout}).");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
