using System.Globalization;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Components.Charts;

/// <summary>
/// How the overview's plotly charts look next to FluentUI: FluentUI's font, transparent backgrounds, no
/// plotly toolbar, one colour per session state on every chart.
/// </summary>
internal static class ChartStyle
{
    /// <summary>
    /// Every chart is this tall, bars of many silos included (they get thinner). The element's own height, not
    /// the layout's: plotly sizes a responsive chart to its element, and drops a layout height on redraw.
    /// </summary>
    public const string ElementStyle = "height: 240px; min-height: 0";

    // FluentUI's base font stack (its --fontFamilyBase).
    private const string FontFamily = "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', sans-serif";
    private const string Transparent = "rgba(0,0,0,0)";
    private const string GridColor = "#e0e0e0";

    private static readonly Dictionary<string, string> StatusColors = new(StringComparer.Ordinal)
    {
        [SessionStatusNames.Live] = "#107c10",
        [SessionStatusNames.Leave] = "#f7630c",
        [SessionStatusNames.Closed] = "#8a8886",
    };

    /// <summary>A new config (each chart owns its own): resizes with its card, no toolbar.</summary>
    public static Config NewConfig() => new() { Responsive = true, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };

    /// <summary>Times are written in UTC, as the rest of the dashboard shows them.</summary>
    public static object? TimeLabel(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static PlotlyLayout TimeLayout(string unit) => new()
    {
        Margin = new Margin { L = 48, R = 8, T = 28, B = 40 },
        PaperBgColor = Transparent,
        PlotBgColor = Transparent,
        Font = new Font { Family = FontFamily, Size = 12 },
        ShowLegend = true,
        Legend = [TopLegend()],
        XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "UTC" }, GridColor = GridColor }],
        YAxis = [new YAxis { RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero, Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = unit }, GridColor = GridColor }],
    };

    public static PlotlyLayout BarLayout() => new()
    {
        Margin = new Margin { L = 8, R = 8, T = 28, B = 40 },
        PaperBgColor = Transparent,
        PlotBgColor = Transparent,
        Font = new Font { Family = FontFamily, Size = 12 },
        BarMode = BarModeEnum.Stack,
        ShowLegend = true,
        Legend = [TopLegend()],
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "sessions" }, GridColor = GridColor, RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.ToZero }],
        YAxis = [new YAxis { AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True }],
    };

    // Above the plot, left to right: long silo names would squeeze a legend at the side.
    // Normal order: plotly would list stacked bars' states backwards.
    private static Legend TopLegend() => new()
    {
        TraceOrder = Plotly.Blazor.LayoutLib.LegendLib.TraceOrderFlag.Normal,
        Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H,
        X = 0,
        Y = 1,
        YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom,
    };

    public static Scatter Line(string name, IList<object?> times, IList<object?> values) => new()
    {
        Name = name,
        X = times,
        Y = values,
        Mode = ModeFlag.Lines,
        Line = new Line { Color = StatusColors.GetValueOrDefault(name), Width = 2 },
    };

    public static Bar Bar(string status, IList<object?> silos, IList<object?> counts) => new()
    {
        Name = status,
        Y = silos,
        X = counts,
        Orientation = Plotly.Blazor.Traces.BarLib.OrientationEnum.H,
        Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = StatusColors[status] },
    };
}
