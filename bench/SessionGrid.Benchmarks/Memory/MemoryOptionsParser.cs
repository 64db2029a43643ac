using System.Globalization;

namespace SessionGrid.Benchmarks.Memory;

/// <summary>Parses and validates the <c>memory</c> command's arguments; every failure is one sentence naming the option.</summary>
internal static class MemoryOptionsParser
{
    /// <summary>Walking a million sessions' objects by reflection needs gigabytes for the visited set.</summary>
    internal const int MaxBreakdownSessions = 200_000;

    public static bool TryParse(IReadOnlyList<string> args, out MemoryOptions options, out string? error)
    {
        options = new MemoryOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--breakdown")
            {
                options.Breakdown = true;
                continue;
            }

            if (!IsKnown(name))
            {
                error = $"unknown option '{name}'.";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value.";
                return false;
            }

            error = Apply(options, name, args[++i]);
            if (error is not null)
            {
                return false;
            }
        }

        error = Validate(options);
        return error is null;
    }

    private static bool IsKnown(string name) => name is "--sessions" or "--storage" or "--warmup" or "--concurrency" or "--running" or "--json";

    private static string? Apply(MemoryOptions options, string name, string value)
    {
        switch (name)
        {
            case "--storage":
                SessionStore? store = value switch
                {
                    "discard" => SessionStore.Discard,
                    "memory" => SessionStore.Memory,
                    _ => null,
                };
                if (store is null)
                {
                    return $"--storage must be 'discard' or 'memory' (was '{value}').";
                }

                options.Store = store.Value;
                return null;
            case "--json":
                options.JsonPath = value;
                return null;
        }

        if (!int.TryParse(value, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number))
        {
            return $"{name} must be a whole number (was '{value}').";
        }

        switch (name)
        {
            case "--sessions":
                options.Sessions = number;
                break;
            case "--warmup":
                options.Warmup = number;
                break;
            case "--running":
                if (number is < 0 or > 3600)
                {
                    return $"--running must be whole seconds from 0 to 3600 (was {number}).";
                }

                options.Running = TimeSpan.FromSeconds(number);
                break;
            default:
                options.Concurrency = number;
                break;
        }

        return null;
    }

    private static string? Validate(MemoryOptions options)
    {
        if (options.Sessions < 1)
        {
            return $"--sessions must be at least 1 (was {options.Sessions}).";
        }

        if (options.Warmup < 0)
        {
            return $"--warmup must not be negative (was {options.Warmup}).";
        }

        if (options.Concurrency < 1)
        {
            return $"--concurrency must be at least 1 (was {options.Concurrency}).";
        }

        if ((long)options.Sessions + options.Warmup > 50_000_000)
        {
            return $"--sessions plus --warmup must be at most 50,000,000 (was {(long)options.Sessions + options.Warmup}).";
        }

        if (options.Breakdown && options.Sessions > MaxBreakdownSessions)
        {
            return $"--breakdown walks every object by reflection: use --sessions {MaxBreakdownSessions} or fewer (was {options.Sessions}).";
        }

        return null;
    }
}
