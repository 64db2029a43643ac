namespace SessionGrid.Tool.LoadGen;

/// <summary>
/// Which client gets which mode. Counts follow the fractions (largest remainder, so they add up);
/// positions are shuffled with a fixed seed, so misbehaving clients are spread over the ramp and a
/// run is repeatable.
/// </summary>
internal sealed class ModePlan
{
    private const int Seed = 20_240_901;

    private readonly ClientMode[] _modes;
    private readonly int[] _counts = new int[ClientModes.All.Length];

    public ModePlan(LoadGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clients = options.Clients;
        var misbehaving = ClientModes.Misbehaving;
        var exact = misbehaving.Select(m => options.FractionOf(m) * clients).ToArray();
        var target = (int)Math.Min(clients, Math.Round(exact.Sum()));
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, misbehaving.Length).OrderByDescending(i => exact[i] - counts[i]))
        {
            if (counts.Sum() >= target)
            {
                break;
            }

            counts[i]++;
        }

        _modes = new ClientMode[clients];
        var next = 0;
        for (var m = 0; m < misbehaving.Length; m++)
        {
            _counts[(int)misbehaving[m]] = counts[m];
            _modes.AsSpan(next, counts[m]).Fill(misbehaving[m]);
            next += counts[m];
        }

        _counts[(int)ClientMode.Healthy] = clients - next;
        new Random(Seed).Shuffle(_modes);
    }

    /// <summary>The mode of the client at <paramref name="position"/> (0-based within this run).</summary>
    public ClientMode this[int position] => _modes[position];

    /// <summary>How many clients have <paramref name="mode"/>.</summary>
    public int Count(ClientMode mode) => _counts[(int)mode];
}
