using System.Net.ServerSentEvents;

namespace SessionGrid.Silo.Tests.Api;

/// <summary>A server-sent event stream read with the runtime's SSE parser; opening it waits for the server's "ready" event.</summary>
internal sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly IAsyncEnumerator<SseItem<string>> _items;
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromSeconds(60));

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _items = SseParser.Create(body).EnumerateAsync(_guard.Token).GetAsyncEnumerator(_guard.Token);
    }

    public static async Task<SseStream> OpenAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new SseStream(response, await response.Content.ReadAsStreamAsync());
        Assert.Equal("ready", (await stream.NextAsync()).EventType);
        return stream;
    }

    /// <summary>The next event; the guard (a hang guard, not a timing assertion) fails the test if none comes.</summary>
    public async Task<SseItem<string>> NextAsync()
    {
        Assert.True(await _items.MoveNextAsync(), "the stream ended");
        return _items.Current;
    }

    public void Dispose()
    {
        _guard.Cancel();
        _response.Dispose();
        _guard.Dispose();
    }
}
