using Microsoft.Extensions.Options;

namespace SessionGrid.Grains.Sessions;

/// <summary>Rejects a policy that cannot work, at start-up, with the setting's name in the message.</summary>
public sealed class HeartbeatPolicyValidator : IValidateOptions<HeartbeatPolicy>
{
    public ValidateOptionsResult Validate(string? name, HeartbeatPolicy options)
    {
        var failures = new List<string>();
        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add($"HeartbeatPolicy:Interval must be positive (was {options.Interval}).");
        }

        if (options.MissThreshold < 1)
        {
            failures.Add($"HeartbeatPolicy:MissThreshold must be at least 1 (was {options.MissThreshold}).");
        }

        if (options.RecoveryHeartbeats < 1)
        {
            failures.Add($"HeartbeatPolicy:RecoveryHeartbeats must be at least 1 (was {options.RecoveryHeartbeats}).");
        }

        if (options.LeaveTimeout <= TimeSpan.Zero)
        {
            failures.Add($"HeartbeatPolicy:LeaveTimeout must be positive (was {options.LeaveTimeout}).");
        }

        if (options.MinClientInterval <= TimeSpan.Zero || options.MaxClientInterval < options.MinClientInterval)
        {
            failures.Add($"HeartbeatPolicy:MinClientInterval must be positive and not above MaxClientInterval (was {options.MinClientInterval}..{options.MaxClientInterval}).");
        }

        if (options.RecentTransitions < 1)
        {
            failures.Add($"HeartbeatPolicy:RecentTransitions must be at least 1 (was {options.RecentTransitions}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
