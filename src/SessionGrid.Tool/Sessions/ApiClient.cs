using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SessionGrid.Tool.Sessions;

/// <summary>
/// Calls a silo's REST API for the <c>sessions</c> commands: the bearer token on every request, and every
/// way a call can fail (unreachable, timed out, a problem response, a body that is not JSON) turned into
/// one sentence for the user.
/// </summary>
internal sealed class ApiClient(HttpClient http, Uri baseUrl) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static ApiClient Create(Uri baseUrl, string? token)
    {
        var http = new HttpClient { Timeout = Timeout };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new ApiClient(http, baseUrl);
    }

    public Task<ApiResult> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
        => SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, pathAndQuery)), cancellationToken);

    public Task<ApiResult> PostAsync(string path, object body, CancellationToken cancellationToken)
        => SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path)) { Content = JsonContent.Create(body) }, cancellationToken);

    /// <summary>The path segment of a session id: ids may contain "/", so it is percent-encoded as one segment.</summary>
    public static string SessionPath(string id, string? suffix = null)
        => "api/sessions/" + Uri.EscapeDataString(id) + (suffix is null ? "" : "/" + suffix);

    public void Dispose() => http.Dispose();

    private async Task<ApiResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                return ApiResult.Failed($"cannot reach {baseUrl}: {e.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ApiResult.Failed($"{baseUrl} did not answer within {Timeout.TotalSeconds:0} s");
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonDocument? body = null;
                try
                {
                    body = text.Length == 0 ? null : JsonDocument.Parse(text);
                }
                catch (JsonException)
                {
                    // Not JSON: a proxy's error page, or not a SessionGrid silo at all.
                }

                if (response.IsSuccessStatusCode)
                {
                    return body is null
                        ? ApiResult.Failed($"{baseUrl} answered HTTP {(int)response.StatusCode} without a JSON body; is it a SessionGrid silo?")
                        : ApiResult.Ok(body);
                }

                var message = Describe(response.StatusCode, body);
                body?.Dispose();
                return ApiResult.Failed(message);
            }
        }
    }

    // RFC 9457 problem: "detail (code, HTTP 403)"; anything else: the status line.
    private static string Describe(HttpStatusCode status, JsonDocument? body)
    {
        string? Text(string name) => body?.RootElement.ValueKind == JsonValueKind.Object
            && body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var detail = Text("detail") ?? Text("title") ?? status.ToString();
        var code = Text("code");
        var hint = status switch
        {
            HttpStatusCode.Unauthorized => " Pass --token or set SESSIONGRID_TOKEN (sessiongrid token create).",
            HttpStatusCode.Forbidden => " The token's role does not allow this.",
            _ => "",
        };
        return $"{detail} ({(code is null ? "" : code + ", ")}HTTP {(int)status}).{hint}";
    }
}
