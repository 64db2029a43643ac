using Microsoft.AspNetCore.Components;
using SessionGrid.Dashboard.Data;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Components.Pages;

/// <summary>
/// The live event feed: the newest transitions at first, then each one as the silo's event hub delivers
/// it (this silo's transitions in the embedded default, every silo's with PostgreSQL).
/// </summary>
public partial class Events
{
    /// <summary>Rows kept on the page.</summary>
    public const int Capacity = 200;

    private readonly CancellationTokenSource _stop = new();
    private List<SessionEvent> _items = [];

    [Inject]
    private DashboardData Data { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        // Subscribe before reading the latest, so nothing falls between the two.
        var subscription = Data.Subscribe();
        _items = [.. await Data.LatestAsync(Capacity, _stop.Token)];
        _ = FollowAsync(subscription);
    }

    private async Task FollowAsync(Grains.Events.SessionEventSubscription subscription)
    {
        using (subscription)
        {
            try
            {
                await foreach (var item in subscription.Reader.ReadAllAsync(_stop.Token))
                {
                    if (_items.Exists(e => e.SessionId == item.SessionId && e.Transition.Seq == item.Transition.Seq && e.Transition.Seq != 0))
                    {
                        continue;
                    }

                    var next = new List<SessionEvent>(Math.Min(_items.Count + 1, Capacity)) { item };
                    next.AddRange(_items.Take(Capacity - 1));
                    _items = next;
                    await InvokeAsync(StateHasChanged);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
