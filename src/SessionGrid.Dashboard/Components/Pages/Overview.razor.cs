using Microsoft.AspNetCore.Components;
using SessionGrid.Dashboard.Components.Charts;
using SessionGrid.Dashboard.Data;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Components.Pages;

/// <summary>
/// Sessions by status and by silo, heartbeats per second and transitions per minute, read again every
/// <see cref="RefreshInterval"/>: the newest as cards, the last <see cref="ChartWindow"/> as charts.
/// FluentUI has no chart component; the charts are plotly.js through Plotly.Blazor.
/// </summary>
public partial class Overview
{
    /// <summary>How often the figures are read again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How far back the charts reach; kept per circuit (browser tab) from when the page opened.</summary>
    public static readonly TimeSpan ChartWindow = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly OverviewHistory _history = new((int)(ChartWindow / RefreshInterval));
    private OverviewFigures? _figures;

    [Inject]
    private DashboardData Data { get; set; } = null!;

    private int Total => (int)Math.Min(Math.Max(1, _figures?.Sessions.ByStatus.Values.Sum() ?? 1), int.MaxValue);

    private IQueryable<SiloRow> SiloRows => (_figures?.Sessions.BySilo ?? new Dictionary<string, IReadOnlyDictionary<string, long>>())
        .Select(static p => new SiloRow(
            p.Key.Length == 0 ? SessionsBySiloChart.NoOwner : p.Key,
            p.Value.GetValueOrDefault(SessionStatusNames.Live),
            p.Value.GetValueOrDefault(SessionStatusNames.Leave),
            p.Value.GetValueOrDefault(SessionStatusNames.Closed)))
        .AsQueryable();

    protected override async Task OnInitializedAsync()
    {
        Show(await Data.OverviewAsync(_stop.Token));
        if (RendererInfo.IsInteractive)
        {
            _ = RefreshAsync();
        }
    }

    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var figures = await Data.OverviewAsync(_stop.Token);
                await InvokeAsync(() =>
                {
                    Show(figures);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Show(OverviewFigures figures)
    {
        _figures = figures;

        // A session clock that stands still (a test's manual clock) adds no points rather than failing the page.
        if (_history.Newest is not { } newest || figures.At > newest)
        {
            _history.Add(figures);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private sealed record SiloRow(string Silo, long Live, long Leave, long Closed);
}
