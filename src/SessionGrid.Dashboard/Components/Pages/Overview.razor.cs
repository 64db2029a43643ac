using Microsoft.AspNetCore.Components;
using SessionGrid.Dashboard.Data;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Components.Pages;

/// <summary>
/// Sessions by status and by silo, heartbeats per second and transitions per minute, read again every
/// <see cref="RefreshInterval"/>. FluentUI has no chart component, so shares are drawn as its progress bars.
/// </summary>
public partial class Overview
{
    /// <summary>How often the figures are read again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private OverviewFigures? _figures;

    [Inject]
    private DashboardData Data { get; set; } = null!;

    private int Total => (int)Math.Min(Math.Max(1, _figures?.Sessions.ByStatus.Values.Sum() ?? 1), int.MaxValue);

    private IQueryable<SiloRow> SiloRows => (_figures?.Sessions.BySilo ?? new Dictionary<string, IReadOnlyDictionary<string, long>>())
        .Select(static p => new SiloRow(
            p.Key.Length == 0 ? "(no owner)" : p.Key,
            p.Value.GetValueOrDefault(SessionStatusNames.Live),
            p.Value.GetValueOrDefault(SessionStatusNames.Leave),
            p.Value.GetValueOrDefault(SessionStatusNames.Closed)))
        .AsQueryable();

    protected override async Task OnInitializedAsync()
    {
        _figures = await Data.OverviewAsync(_stop.Token);
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
                _figures = await Data.OverviewAsync(_stop.Token);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private sealed record SiloRow(string Silo, long Live, long Leave, long Closed);
}
