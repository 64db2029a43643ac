using Microsoft.AspNetCore.Components;
using SessionGrid.Api.Endpoints;
using SessionGrid.Dashboard.Data;

namespace SessionGrid.Dashboard.Components.Pages;

/// <summary>
/// The session list: filters and sort live in the URL (the API's own parameter names, checked by the
/// API's own rules), so a link reproduces the view; rows stream in by keyset pages as the grid scrolls.
/// </summary>
public partial class Sessions
{
    private readonly SessionFilterForm _form = new();
    private SessionListSource? _source;
    private string? _error;

    [Inject]
    private DashboardData Data { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "status")]
    public string? Status { get; set; }

    [SupplyParameterFromQuery(Name = "silo")]
    public string? Silo { get; set; }

    [SupplyParameterFromQuery(Name = "ip")]
    public string? Ip { get; set; }

    [SupplyParameterFromQuery(Name = "prefix")]
    public string? Prefix { get; set; }

    [SupplyParameterFromQuery(Name = "heartbeatBefore")]
    public string? HeartbeatBefore { get; set; }

    [SupplyParameterFromQuery(Name = "heartbeatAfter")]
    public string? HeartbeatAfter { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    [SupplyParameterFromQuery(Name = "order")]
    public string? Order { get; set; }

    /// <summary>The detail page's address; the id is one encoded segment because ids may contain "/".</summary>
    public static string DetailHref(string sessionId) => "sessions/" + Uri.EscapeDataString(sessionId);

    protected override void OnParametersSet()
    {
        _form.Load(this);
        var parameters = new SessionListParameters
        {
            Status = Status,
            Silo = Silo,
            Ip = Ip,
            Prefix = Prefix,
            HeartbeatBefore = HeartbeatBefore,
            HeartbeatAfter = HeartbeatAfter,
            Sort = Sort,
            Order = Order,
        };
        if (parameters.TryCreate(out var query, out var problem))
        {
            _error = null;
            _source = new SessionListSource(Data.ListAsync, query);
        }
        else
        {
            _error = problem.ProblemDetails.Detail;
            _source = null;
        }
    }

    private void Apply()
        => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["status"] = Blank(_form.Status),
            ["silo"] = Blank(_form.Silo),
            ["ip"] = Blank(_form.Ip),
            ["prefix"] = Blank(_form.Prefix),
            ["heartbeatBefore"] = Blank(_form.HeartbeatBefore),
            ["heartbeatAfter"] = Blank(_form.HeartbeatAfter),
            ["sort"] = _form.Sort == "id" ? null : _form.Sort,
            ["order"] = _form.Order == "asc" ? null : _form.Order,
        }));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The filter inputs, as typed, until Apply puts them in the URL.</summary>
    private sealed class SessionFilterForm
    {
        public string? Status { get; set; }

        public string? Silo { get; set; }

        public string? Ip { get; set; }

        public string? Prefix { get; set; }

        public string? HeartbeatBefore { get; set; }

        public string? HeartbeatAfter { get; set; }

        public string Sort { get; set; } = "id";

        public string Order { get; set; } = "asc";

        public void Load(Sessions page)
        {
            Status = page.Status ?? string.Empty;
            Silo = page.Silo;
            Ip = page.Ip;
            Prefix = page.Prefix;
            HeartbeatBefore = page.HeartbeatBefore;
            HeartbeatAfter = page.HeartbeatAfter;
            Sort = page.Sort ?? "id";
            Order = page.Order ?? "asc";
        }
    }
}
