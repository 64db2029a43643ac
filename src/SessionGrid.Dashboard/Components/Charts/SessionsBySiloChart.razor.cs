using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Components.Charts;

/// <summary>Stored sessions per owner silo, one horizontal bar per silo stacked by state; redrawn when the counts change.</summary>
public partial class SessionsBySiloChart
{
    /// <summary>The label of sessions no silo has claimed yet.</summary>
    public const string NoOwner = "(no owner)";

    private static readonly string[] Statuses = [SessionStatusNames.Live, SessionStatusNames.Leave, SessionStatusNames.Closed];

    private readonly List<ITrace> _traces = [];
    private PlotlyLayout _layout = null!;
    private PlotlyChart _chart = null!;
    private bool _plotted;
    private bool _updating;
    private SessionCounts? _drawn;

    [Parameter, EditorRequired]
    public SessionCounts Counts { get; set; } = null!;

    /// <summary>The chart element's <c>data-testid</c>.</summary>
    [Parameter, EditorRequired]
    public string TestId { get; set; } = string.Empty;

    protected override void OnInitialized()
    {
        _layout = ChartStyle.BarLayout();
        Fill();
    }

    // The chart element is placed once; plotly owns it after that.
    protected override bool ShouldRender() => false;

    protected override async Task OnParametersSetAsync()
    {
        if (!_plotted || _updating || SameCounts(_drawn!, Counts))
        {
            return;
        }

        _updating = true;
        try
        {
            Fill();
            await _chart.React();
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

    private void Fill()
    {
        var silos = Counts.BySilo.Keys.ToList();
        var labels = silos.Select(static s => (object?)(s.Length == 0 ? NoOwner : s)).ToList();
        _traces.Clear();
        foreach (var status in Statuses)
        {
            _traces.Add(ChartStyle.Bar(status, labels, [.. silos.Select(s => (object?)Counts.BySilo[s].GetValueOrDefault(status))]));
        }

        _drawn = Counts;
    }

    private static bool SameCounts(SessionCounts a, SessionCounts b)
        => a.BySilo.Count == b.BySilo.Count
            && a.BySilo.All(p => b.BySilo.TryGetValue(p.Key, out var other) && Statuses.All(s => p.Value.GetValueOrDefault(s) == other.GetValueOrDefault(s)));
}
