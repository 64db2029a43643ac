using System.Numerics;
using Microsoft.Extensions.Options;

namespace SessionGrid.Grains.Deadlines;

/// <summary>Fails start-up with a clear message when <see cref="TimerWheelOptions"/> cannot work.</summary>
internal sealed class TimerWheelOptionsValidator : IValidateOptions<TimerWheelOptions>
{
    internal const int MinSlotCount = 16;
    internal const int MaxSlotCount = 1 << 22;

    public ValidateOptionsResult Validate(string? name, TimerWheelOptions options)
    {
        List<string>? failures = null;
        if (options.Resolution < TimeSpan.FromMilliseconds(1))
        {
            (failures ??= []).Add($"TimerWheelOptions.Resolution must be at least 1 ms (was {options.Resolution}).");
        }

        if (options.SlotCount is < MinSlotCount or > MaxSlotCount || !BitOperations.IsPow2(options.SlotCount))
        {
            (failures ??= []).Add($"TimerWheelOptions.SlotCount must be a power of two from {MinSlotCount} to {MaxSlotCount} (was {options.SlotCount}).");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
