using System.Globalization;

namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// Sockets the run may open: the process's open-file limit minus what is already open and a small
/// reserve for the runtime. A .NET process at its very limit breaks in places no socket code can
/// catch (a new thread-pool thread, an assembly load, the console's signal pipe all need a
/// descriptor), so the last few are kept back and a client beyond them is counted as
/// <see cref="ErrorKind.TooManyOpenFiles"/> without trying.
/// </summary>
internal sealed class DescriptorBudget
{
    /// <summary>Descriptors kept for the runtime itself; a few dozen are used, the rest is margin.</summary>
    public const int RuntimeReserve = 128;

    private long _available;

    private DescriptorBudget(long available, long? limit)
    {
        _available = available;
        Limit = limit;
    }

    /// <summary>The soft open-file limit, or null when there is none or it is unknown (not Linux).</summary>
    public long? Limit { get; }

    /// <summary>No limit: for tests and systems without <c>/proc</c>.</summary>
    public static DescriptorBudget Unlimited() => new(long.MaxValue, null);

    /// <summary>Exactly <paramref name="available"/> sockets under a limit of <paramref name="limit"/>.</summary>
    public static DescriptorBudget Fixed(long available, long limit) => new(available, limit);

    /// <summary>This process's budget, from <c>/proc/self/limits</c> and <c>/proc/self/fd</c>.</summary>
    public static DescriptorBudget ForThisProcess()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (soft is null || !long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            {
                return Unlimited();
            }

            var open = Directory.GetFileSystemEntries("/proc/self/fd").Length;
            return new DescriptorBudget(Math.Max(0, limit - open - RuntimeReserve), limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unlimited();
        }
    }

    /// <summary>Takes one descriptor; false when none is left.</summary>
    public bool TryTake()
    {
        if (Interlocked.Decrement(ref _available) >= 0)
        {
            return true;
        }

        Interlocked.Increment(ref _available);
        return false;
    }

    public void Return() => Interlocked.Increment(ref _available);

    /// <summary>Why a socket was refused, for the first error message.</summary>
    public string Describe() =>
        $"no file descriptor left for another socket: the open-file limit is {Limit} (ulimit -n) and {RuntimeReserve} are kept for the runtime";
}
