using System.Globalization;
using System.Text;
using SessionGrid.Protocol;

namespace SessionGrid.Tool.LoadGen;

/// <summary>Checks <see cref="LoadGenOptions"/> before a run; each problem is one sentence naming the option.</summary>
internal static class LoadGenOptionsValidator
{
    // Fractions are typed by people (0.1 + 0.2 ...): tolerate binary rounding, not real excess.
    private const double FractionTolerance = 1e-9;

    public static IReadOnlyList<string> Validate(LoadGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!TargetAddress.TryParseList(options.Target, out _, out var targetError))
        {
            errors.Add(targetError);
        }

        if (options.SourceAddresses is not null && !SourceAddressPool.TryParse(options.SourceAddresses, out _, out var sourceError))
        {
            errors.Add(sourceError);
        }

        if (options.Clients < 1)
        {
            errors.Add($"--clients must be at least 1 (got {options.Clients}).");
        }

        RequirePositive(errors, "--ramp", options.Ramp);
        RequireSeconds(errors, "--interval", options.Interval);
        RequireSeconds(errors, "--duration", options.Duration);
        RequireSeconds(errors, "--misbehave-after", options.MisbehaveAfter);
        RequireFraction(errors, "--jitter", options.Jitter);

        var sum = 0.0;
        foreach (var mode in ClientModes.Misbehaving)
        {
            var fraction = options.FractionOf(mode);
            RequireFraction(errors, "--" + ClientModes.Name(mode), fraction);
            sum += double.IsFinite(fraction) ? fraction : 0;
        }

        if (sum > 1 + FractionTolerance)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"the misbehaviour fractions add up to {sum:0.###}; together they must be at most 1."));
        }

        if (options.FirstIndex < 0)
        {
            errors.Add($"--first-index must be 0 or more (got {options.FirstIndex}).");
        }

        CheckIdPrefix(errors, options);
        CheckJsonPath(errors, options.JsonPath);
        return errors;
    }

    private static void CheckIdPrefix(List<string> errors, LoadGenOptions options)
    {
        if (options.FirstIndex < 0 || options.Clients < 1)
        {
            return;
        }

        // The longest id this run will use: the last index has the most digits.
        var longest = options.EffectiveIdPrefix + (options.FirstIndex + options.Clients - 1).ToString(CultureInfo.InvariantCulture);
        if (!IdentifierRules.IsValid(Encoding.UTF8.GetBytes(longest), IdentifierRules.MaxIdBytes, allowEmpty: false))
        {
            errors.Add($"--id-prefix must be printable text and leave the ids at most {IdentifierRules.MaxIdBytes} bytes long.");
        }
    }

    private static void CheckJsonPath(List<string> errors, string? path)
    {
        if (path is null or "-")
        {
            return;
        }

        if (path.Length == 0)
        {
            errors.Add("--json needs a file path, or - for standard output.");
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            errors.Add($"--json '{path}': the folder '{directory}' does not exist.");
        }
    }

    private static void RequirePositive(List<string> errors, string name, double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number greater than 0 (got {value})."));
        }
    }

    // Task.Delay and timers take at most uint.MaxValue - 1 milliseconds (about 49.7 days).
    internal const double MaxSeconds = 4_294_967;

    private static void RequireSeconds(List<string> errors, string name, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > MaxSeconds)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be from 0 to {MaxSeconds} seconds (got {value})."));
        }
    }

    private static void RequireFraction(List<string> errors, string name, double value)
    {
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is a fraction and must be between 0 and 1 (got {value})."));
        }
    }
}
