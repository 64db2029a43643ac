using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionGrid.Grains.Listing;

namespace SessionGrid.Api.Endpoints;

/// <summary>The query string of <c>GET /api/sessions</c>, as text: <see cref="TryCreate"/> says what is wrong with it.</summary>
public sealed class SessionListParameters
{
    internal static readonly string[] Names = ["status", "silo", "ip", "prefix", "heartbeatBefore", "heartbeatAfter", "sort", "order", "limit", "cursor"];

    [Description("Only sessions in this status: live, leave or closed.")]
    public string? Status { get; init; }

    [Description("Only sessions of this silo: a silo name (silo1) takes every generation of that silo, since a restarted silo is a new owner; a full owner value as sessions show it (silo1/10.0.0.5:11111@502112345, with '/') takes exactly that generation.")]
    public string? Silo { get; init; }

    [Description("Remote address: exact (10.1.2.3), CIDR (10.1.0.0/16) or a prefix of whole octets or groups ending in * (10.1.*, fd00:12:*).")]
    public string? Ip { get; init; }

    [Description("Only sessions whose id starts with this text, taken literally.")]
    public string? Prefix { get; init; }

    [Description("Last heartbeat strictly before this ISO 8601 time (UTC when no offset is given).")]
    public string? HeartbeatBefore { get; init; }

    [Description("Last heartbeat at or after this ISO 8601 time (UTC when no offset is given).")]
    public string? HeartbeatAfter { get; init; }

    [Description("id (default), last-heartbeat, state-since or heartbeats; ties are broken by id. No heartbeat sorts as the oldest.")]
    public string? Sort { get; init; }

    [Description("asc (default) or desc.")]
    public string? Order { get; init; }

    [Description("Page size, 1 to 1000 (default 100).")]
    public string? Limit { get; init; }

    [Description("The next token of the previous page, with the same filters and sort.")]
    public string? Cursor { get; init; }

    /// <summary>The query these parameters ask for, or the 400 problem that says what is wrong.</summary>
    public bool TryCreate([NotNullWhen(true)] out SessionListQuery? query, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        query = null;
        if (!QueryParameters.TryStatus(Status, out var status, out problem)
            || !QueryParameters.TryLimit(Limit, SessionListQuery.DefaultLimit, out var limit, out problem)
            || !QueryParameters.TryIdPrefix(Prefix, out problem))
        {
            return problem is null;
        }

        if (Silo is not null && (Silo.Length is 0 or > 256))
        {
            problem = Problems.BadRequest("invalid-silo", "silo must be a silo name or an owner value (name/ip:port@generation) of 1 to 256 characters.");
            return false;
        }

        SessionIpFilter? ip = null;
        if (Ip is not null && !SessionIpFilter.TryParse(Ip, out ip))
        {
            problem = Problems.BadRequest("invalid-ip", $"ip must be an address (10.1.2.3), a CIDR network (10.1.0.0/16) or whole octets or groups ending in * (10.1.*); was '{QueryParameters.Shorten(Ip)}'.");
            return false;
        }

        if (!TryTime(HeartbeatBefore, "heartbeatBefore", out var before, out problem) || !TryTime(HeartbeatAfter, "heartbeatAfter", out var after, out problem))
        {
            return problem is null;
        }

        SessionSort? sort = SessionSort.Id;
        if (Sort is not null && !SessionListNames.TryParseSort(Sort, out sort))
        {
            problem = Problems.BadRequest("invalid-sort", $"sort must be one of {string.Join(", ", SessionListNames.Sorts)} (was '{QueryParameters.Shorten(Sort)}').");
            return false;
        }

        SortDirection? direction = SortDirection.Asc;
        if (Order is not null && !SessionListNames.TryParseDirection(Order, out direction))
        {
            problem = Problems.BadRequest("invalid-order", $"order must be asc or desc (was '{QueryParameters.Shorten(Order)}').");
            return false;
        }

        var candidate = new SessionListQuery
        {
            Status = status,
            OwnerSilo = Silo,
            Ip = ip,
            IdPrefix = Prefix,
            HeartbeatBefore = before,
            HeartbeatAfter = after,
            Sort = sort.Value,
            Direction = direction.Value,
            Limit = limit,
        };
        if (Cursor is not null)
        {
            if (!SessionListCursor.TryDecode(candidate, Cursor, out var position))
            {
                problem = Problems.BadRequest("invalid-cursor", "cursor is not a next token of this list with these filters and this sort; start again without a cursor.");
                return false;
            }

            candidate = candidate with { After = position };
        }

        query = candidate;
        return true;
    }

    private static bool TryTime(string? text, string name, out DateTimeOffset? time, out ProblemHttpResult? problem)
    {
        time = null;
        problem = null;
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            problem = Problems.BadRequest("invalid-time", $"{name} must be an ISO 8601 time such as 2026-12-05T10:00:00Z (was '{QueryParameters.Shorten(text)}').");
            return false;
        }

        time = parsed;
        return true;
    }
}
