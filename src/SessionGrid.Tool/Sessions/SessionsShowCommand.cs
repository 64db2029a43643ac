using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace SessionGrid.Tool.Sessions;

/// <summary><c>sessiongrid sessions show ID</c>: <c>GET /api/sessions/{id}</c>, the session live from its grain.</summary>
internal static class SessionsShowCommand
{
    private static readonly string[] Fields =
    [
        "sessionId", "status", "statusReason", "stateSince", "incarnation", "connected", "remoteEndpoint", "declaredIp", "pid",
        "ownerSilo", "intervalSeconds", "firstSeen", "lastHeartbeat", "leaveDeadline", "closeDeadline",
    ];

    public static Command Create()
    {
        var id = SessionIdArgument();
        var command = SessionsCommand.CreateSubcommand(
            "show",
            "One session, live from its grain: state, endpoint, owner silo, counters and its latest transitions.",
            (parsed, client, output, cancellationToken) => ShowAsync(parsed.GetValue(id)!, client, output, cancellationToken));
        command.Arguments.Add(id);
        return command;
    }

    /// <summary>The session id argument the subcommands share (any printable text; "/" allowed).</summary>
    public static Argument<string> SessionIdArgument() => new("id") { Description = "The session id." };

    private static Task<int> ShowAsync(string id, ApiClient client, SessionsOutput output, CancellationToken cancellationToken)
        => output.WriteAsync(client.GetAsync(ApiClient.SessionPath(id), cancellationToken), session =>
        {
            var table = new Table().AddColumns("field", "value").HideHeaders();
            foreach (var field in Fields)
            {
                table.AddRow(field, Markup.Escape(JsonText.Field(session, field)));
            }

            if (session.TryGetProperty("counters", out var counters) && counters.ValueKind == JsonValueKind.Object)
            {
                foreach (var counter in counters.EnumerateObject())
                {
                    table.AddRow("counters." + counter.Name, JsonText.Format(counter.Value));
                }
            }

            output.Console.Write(table);
            if (session.TryGetProperty("recentTransitions", out var transitions) && transitions.GetArrayLength() > 0)
            {
                output.Console.Write(SessionsEventsCommand.Timeline(transitions));
            }
        });
}
