using Microsoft.FluentUI.AspNetCore.Components;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Data;

/// <summary>
/// Feeds the virtualized session grid from keyset pages: rows are fetched in order with the cursor as the
/// grid scrolls, and the grid is told one page more exists until the last page arrives. Scrolling through
/// 1,000,000 sessions reads only what is scrolled past, with no OFFSET.
/// </summary>
public sealed class SessionListSource(DashboardData data, SessionListQuery query)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<SessionSnapshot> _rows = [];
    private string? _next;
    private bool _complete;

    public SessionListQuery Query => query;

    public async ValueTask<GridItemsProviderResult<SessionSnapshot>> ProvideAsync(GridItemsProviderRequest<SessionSnapshot> request)
    {
        await _gate.WaitAsync(request.CancellationToken);
        try
        {
            var wanted = request.StartIndex + (request.Count ?? SessionListQuery.DefaultLimit);
            while (_rows.Count < wanted && !_complete)
            {
                var page = await data.ListAsync(NextPage(wanted - _rows.Count), request.CancellationToken);
                _rows.AddRange(page.Items);
                _next = page.Next;
                _complete = page.Next is null;
            }

            var start = Math.Min(request.StartIndex, _rows.Count);
            var slice = _rows.GetRange(start, Math.Min(wanted, _rows.Count) - start);
            var total = _complete ? _rows.Count : _rows.Count + SessionListQuery.DefaultLimit;
            return GridItemsProviderResult.From<SessionSnapshot>(slice, total);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SessionListQuery NextPage(int missing)
    {
        var limit = Math.Clamp(missing, SessionListQuery.DefaultLimit, SessionListQuery.MaxLimit);
        if (_next is null)
        {
            return query with { Limit = limit, After = null };
        }

        // The cursor was issued for this very query, so it always decodes; anything else is a bug.
        return SessionListCursor.TryDecode(query, _next, out var after)
            ? query with { Limit = limit, After = after }
            : throw new InvalidOperationException("The list's own cursor did not decode.");
    }
}
