namespace SessionGrid.Tool.LoadGen;

/// <summary>The wire names of <see cref="ClientMode"/> (option names and summary keys).</summary>
internal static class ClientModes
{
    /// <summary>Every mode, healthy first, in the order the summary lists them.</summary>
    public static readonly ClientMode[] All = Enum.GetValues<ClientMode>();

    /// <summary>The misbehaving modes, in the order their options are listed.</summary>
    public static readonly ClientMode[] Misbehaving = [.. All.Where(m => m != ClientMode.Healthy)];

    /// <summary>Lower-case name: <c>healthy</c>, <c>silent</c>, <c>garbage</c>, ...</summary>
    public static string Name(ClientMode mode) => mode.ToString().ToLowerInvariant();
}
