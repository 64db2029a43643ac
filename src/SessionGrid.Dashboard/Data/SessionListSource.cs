using Microsoft.FluentUI.AspNetCore.Components;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Data;

/// <summary>
/// Feeds the virtualized session grid from keyset pages: rows are fetched in order with the cursor as the
/// grid scrolls, and the grid is told one page more exists until the last page arrives. Scrolling through
/// 1,000,000 sessions reads only what is scrolled past, with no OFFSET.
/// </summary>
public sealed class SessionListSource(Func<SessionListQuery, CancellationToken, ValueTask<SessionListPage>> list, SessionListQuery query)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<SessionSnapshot> _rows = [];
    private string? _next;
    private bool _complete;

    public SessionListQuery Query => query;

    /// <summary>The grid's items provider.</summary>
    public async ValueTask<GridItemsProviderResult<SessionSnapshot>> ProvideAsync(GridItemsProviderRequest<SessionSnapshot> request)
    {
        var (rows, total) = await ReadAsync(request.StartIndex, request.Count ?? SessionListQuery.DefaultLimit, request.CancellationToken);
        return GridItemsProviderResult.From(rows, total);
    }

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> (fewer at the end),
    /// fetching the pages before them that are not loaded yet; and the row count to show: exact once the
    /// last page is in, else one page more than is loaded.
    /// </summary>
    public async Task<(List<SessionSnapshot> Rows, int Total)> ReadAsync(int start, int count, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var wanted = start + count;
            while (_rows.Count < wanted && !_complete)
            {
                var page = await list(NextPage(wanted - _rows.Count), cancellationToken);
                _rows.AddRange(page.Items);
                _next = page.Next;
                _complete = page.Next is null;
            }

            var first = Math.Min(start, _rows.Count);
            var rows = _rows.GetRange(first, Math.Min(wanted, _rows.Count) - first);
            return (rows, _complete ? _rows.Count : _rows.Count + SessionListQuery.DefaultLimit);
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
