using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionGrid.Grains.Events;

namespace SessionGrid.Api.Endpoints;

/// <summary>
/// The response of <c>GET /api/events/stream</c>: a <c>ready</c> event, then a <c>transition</c> event per event of
/// the subscription, and a comment line (<c>: keep-alive</c>) whenever nothing was written for the keep-alive
/// interval, so that a proxy with an idle timeout does not cut a quiet stream (SSE clients ignore comments).
/// It owns the subscription: when the client goes away or the silo stops, the stream ends and unsubscribes.
/// </summary>
/// <remarks>
/// Written here rather than with <c>TypedResults.ServerSentEvents</c>: the runtime's SSE formatter writes
/// events only, never a comment (dotnet/runtime#121027). The events are what it wrote: a transition's data is
/// JSON from the API's serializer options, the ready event's plain text.
/// </remarks>
internal sealed class EventStreamResult(SessionEventSubscription subscription, TimeSpan keepAlive, TimeProvider time) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";

    /// <summary>What the ready event carries, as text.</summary>
    public const string ReadyData = "subscribed";

    private static ReadOnlySpan<byte> KeepAliveComment => ": keep-alive\n\n"u8;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        using (subscription)
        {
            var response = httpContext.Response;
            response.ContentType = ContentType;
            response.Headers.CacheControl = "no-cache,no-store";
            response.Headers.Pragma = "no-cache";

            // Response compression would hold events back until its block is full.
            response.Headers.ContentEncoding = "identity";
            httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            var services = httpContext.RequestServices;
            var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
            try
            {
                await StreamAsync(response.BodyWriter, json, ended.Token);
            }
            catch (OperationCanceledException) when (ended.IsCancellationRequested)
            {
                // The client went away or the silo is stopping: nothing is left to do.
            }
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventView), [ContentType]));
    }

    private async Task StreamAsync(PipeWriter body, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        WriteEvent(body, EventEndpoints.ReadyEventType, Encoding.UTF8.GetBytes(ReadyData));
        var reader = subscription.Reader;
        Task<bool>? arrival = null;
        while (true)
        {
            var flushed = await body.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }

            // One wait for the next event across keep-alives: the subscription has a single reader.
            arrival ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            if (!await ArrivesWithinKeepAliveAsync(arrival, cancellationToken))
            {
                body.Write(KeepAliveComment);
                continue;
            }

            if (!await arrival)
            {
                return;
            }

            arrival = null;

            // Up to a subscriber's backlog per flush, so that a busy feed still reaches the client.
            for (var written = 0; written < SessionEventHub.SubscriberCapacity && reader.TryRead(out var item); written++)
            {
                WriteEvent(body, EventEndpoints.TransitionEventType, JsonSerializer.SerializeToUtf8Bytes(EventView.Create(item), json));
            }
        }
    }

    private async Task<bool> ArrivesWithinKeepAliveAsync(Task<bool> arrival, CancellationToken cancellationToken)
    {
        if (arrival.IsCompleted)
        {
            return true;
        }

        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAliveDue = Task.Delay(keepAlive, time, quiet.Token);
        var first = await Task.WhenAny(arrival, keepAliveDue);
        await quiet.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        return first == arrival;
    }

    /// <summary>One event: its type, its data (a data line per line, should JSON options indent), a blank line.</summary>
    private static void WriteEvent(PipeWriter body, string type, ReadOnlySpan<byte> payload)
    {
        body.Write("event: "u8);
        body.Write(Encoding.UTF8.GetBytes(type));
        body.Write("\n"u8);
        while (true)
        {
            var end = payload.IndexOf((byte)'\n');
            body.Write("data: "u8);
            body.Write(end < 0 ? payload : payload[..end]);
            body.Write("\n"u8);
            if (end < 0)
            {
                break;
            }

            payload = payload[(end + 1)..];
        }

        body.Write("\n"u8);
    }
}
