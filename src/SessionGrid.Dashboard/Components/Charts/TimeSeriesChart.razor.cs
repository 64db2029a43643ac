using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.Traces;
using SessionGrid.Dashboard.Data;

namespace SessionGrid.Dashboard.Components.Charts;

/// <summary>
/// Lines over time from a rolling window. Each refresh sends the browser only the readings it has not
/// drawn yet (plotly's extendTraces, trimmed to <see cref="Capacity"/> points), not the whole window; the
/// whole window is sent again only when the set of lines changes (a silo joins or leaves the window).
/// </summary>
public partial class TimeSeriesChart
{
    private readonly List<ITrace> _traces = [];
    private PlotlyLayout _layout = null!;
    private PlotlyChart _chart = null!;
    private bool _plotted;
    private bool _updating;
    private DateTimeOffset? _drawnThrough;

    /// <summary>When each value was read, oldest first (shared by every series).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<DateTimeOffset> Times { get; set; } = [];

    /// <summary>One line per series, a value per time.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<TimeSeries> Series { get; set; } = [];

    /// <summary>The most points a line keeps: the window's capacity.</summary>
    [Parameter, EditorRequired]
    public int Capacity { get; set; }

    /// <summary>What the values are, as the y axis says it.</summary>
    [Parameter, EditorRequired]
    public string Unit { get; set; } = string.Empty;

    /// <summary>The chart element's <c>data-testid</c>.</summary>
    [Parameter, EditorRequired]
    public string TestId { get; set; } = string.Empty;

    protected override void OnInitialized()
    {
        _layout = ChartStyle.TimeLayout(Unit);
        Fill();
    }

    // The chart element is placed once; plotly owns it after that.
    protected override bool ShouldRender() => false;

    protected override async Task OnParametersSetAsync()
    {
        // A refresh that comes while the previous one still talks to the browser is caught up by the next.
        if (!_plotted || _updating)
        {
            return;
        }

        _updating = true;
        try
        {
            await DrawNewReadingsAsync();
        }
        catch (JSDisconnectedException)
        {
            // The tab has gone; the page is being disposed.
        }
        finally
        {
            _updating = false;
        }
    }

    private void OnPlotted() => _plotted = true;

    private async Task DrawNewReadingsAsync()
    {
        var first = 0;
        while (first < Times.Count && Times[first] <= _drawnThrough)
        {
            first++;
        }

        if (first == Times.Count)
        {
            return;
        }

        if (!_traces.Select(static t => ((Scatter)t).Name).SequenceEqual(Series.Select(static s => s.Name)))
        {
            Fill();
            await _chart.React();
            return;
        }

        var newTimes = Times.Skip(first).Select(ChartStyle.TimeLabel).ToArray();
        _drawnThrough = Times[^1];
        await _chart.ExtendTraces(
            Series.Select(_ => newTimes),
            Series.Select(s => s.Values.Skip(first).Select(static v => (object?)v).ToArray()),
            Enumerable.Range(0, Series.Count),
            Capacity);
    }

    private void Fill()
    {
        _traces.Clear();
        foreach (var series in Series)
        {
            // Each line its own list: extending a line appends to its lists in place.
            _traces.Add(ChartStyle.Line(series.Name, [.. Times.Select(ChartStyle.TimeLabel)], [.. series.Values.Select(static v => (object?)v)]));
        }

        _drawnThrough = Times.Count == 0 ? null : Times[^1];
    }
}
