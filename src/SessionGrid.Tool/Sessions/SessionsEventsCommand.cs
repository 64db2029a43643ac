using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace SessionGrid.Tool.Sessions;

/// <summary><c>sessiongrid sessions events ID</c>: <c>GET /api/sessions/{id}/events</c>, the session's whole transition timeline.</summary>
internal static class SessionsEventsCommand
{
    public static Command Create()
    {
        var id = SessionsShowCommand.SessionIdArgument();
        var command = SessionsCommand.CreateSubcommand(
            "events",
            "The session's transitions, oldest first, across incarnations: when, from and to which state, why, and who when an operator did it.",
            (parsed, client, output, cancellationToken) => EventsAsync(parsed.GetValue(id)!, client, output, cancellationToken));
        command.Arguments.Add(id);
        return command;
    }

    /// <summary>A table of transitions (the API's transition view).</summary>
    public static Table Timeline(JsonElement transitions)
    {
        var table = new Table().AddColumns("time", "incarnation", "from", "to", "reason", "by", "note");
        foreach (var transition in transitions.EnumerateArray())
        {
            table.AddRow(
                JsonText.Field(transition, "time"),
                JsonText.Field(transition, "incarnation"),
                JsonText.Field(transition, "from"),
                JsonText.Field(transition, "to"),
                Markup.Escape(JsonText.Field(transition, "reason")),
                Markup.Escape(JsonText.Field(transition, "by")),
                Markup.Escape(JsonText.Field(transition, "note")));
        }

        return table;
    }

    private static Task<int> EventsAsync(string id, ApiClient client, SessionsOutput output, CancellationToken cancellationToken)
        => output.WriteAsync(client.GetAsync(ApiClient.SessionPath(id, "events"), cancellationToken), root =>
        {
            output.Console.Write(Timeline(root.GetProperty("items")));
            if (root.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True)
            {
                output.Writer.WriteLine("Older transitions are left out (the API returns the newest).");
            }
        });
}
