using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SessionGrid.Grains.Listing;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Api.Endpoints;

/// <summary>Shared checks of query strings: only known names, each at most once, and the common value forms.</summary>
internal static class QueryParameters
{
    /// <summary>A 400 problem for a parameter the endpoint does not know (a typo must not silently list everything) or one given twice; else null.</summary>
    public static ProblemHttpResult? CheckNames(HttpRequest request, params string[] known)
    {
        foreach (var (name, values) in request.Query)
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                return Problems.BadRequest("unknown-parameter", $"Unknown query parameter '{Shorten(name)}'; this endpoint takes {string.Join(", ", known)}.");
            }

            if (values.Count > 1)
            {
                return Problems.BadRequest("repeated-parameter", $"Query parameter '{name}' is given {values.Count} times; give it once.");
            }
        }

        return null;
    }

    public static bool TryLimit(string? text, int fallback, out int limit, out ProblemHttpResult? problem)
    {
        problem = null;
        limit = fallback;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > SessionListQuery.MaxLimit)
        {
            problem = Problems.BadRequest("invalid-limit", $"limit must be an integer from 1 to {SessionListQuery.MaxLimit} (was '{Shorten(text)}').");
            return false;
        }

        return true;
    }

    public static bool TryStatus(string? text, out SessionStatus? status, out ProblemHttpResult? problem)
    {
        problem = null;
        status = null;
        if (text is null || SessionStatusNames.TryParse(text, out status))
        {
            return true;
        }

        problem = Problems.BadRequest("invalid-status", $"status must be one of live, leave, closed (was '{Shorten(text)}').");
        return false;
    }

    /// <summary>A session id prefix: 1 to 512 characters taken literally (%, _ and * are not wildcards).</summary>
    public static bool TryIdPrefix(string? text, out ProblemHttpResult? problem)
    {
        problem = text is not null && (text.Length == 0 || text.Length > SessionListQuery.MaxIdPrefixLength || text.Contains('\0', StringComparison.Ordinal))
            ? Problems.BadRequest("invalid-prefix", $"prefix must be 1 to {SessionListQuery.MaxIdPrefixLength} characters without NUL; leave it out for every session.")
            : null;
        return problem is null;
    }

    /// <summary>Echoes user input in an error message without letting a huge value through.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
