using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// The session id of <c>/api/sessions/{id}[/...]</c>. Ids may contain "/" (PROTOCOL.md), so the id is one
/// percent-encoded path segment (<c>fleet%2Fdevice-42</c>). Kestrel decodes the path except <c>%2F</c>,
/// which makes the route value ambiguous (<c>%2F</c> and <c>%252F</c> both arrive as "%2F"), so the id is
/// read from the raw request target and decoded exactly once.
/// </summary>
internal static class SessionIdRoute
{
    /// <summary>The longest session id (the gateway's limit).</summary>
    public const int MaxLength = 512;

    private const string Prefix = "/api/sessions/";

    public static bool TryGet(HttpContext context, [NotNullWhen(true)] out string? id, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        var segment = RawSegment(context) ?? context.GetRouteValue("id") as string;
        id = segment is null ? null : Uri.UnescapeDataString(segment);
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxLength)
        {
            id = null;
            problem = Problems.BadRequest("invalid-id", $"A session id is 1 to {MaxLength} characters; percent-encode a \"/\" in it as %2F.");
            return false;
        }

        problem = null;
        return true;
    }

    private static string? RawSegment(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        var query = target.IndexOf('?');
        var path = query < 0 ? target.AsSpan() : target.AsSpan(0, query);
        var start = path.IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        var rest = path[(start + Prefix.Length)..];
        var end = rest.IndexOf('/');
        return (end < 0 ? rest : rest[..end]).ToString();
    }
}
