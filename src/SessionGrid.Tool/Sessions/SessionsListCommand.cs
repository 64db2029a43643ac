using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Sessions;

/// <summary><c>sessiongrid sessions list</c>: <c>GET /api/sessions</c> with its filters, sort and cursor; <c>--all</c> follows the cursor to the end.</summary>
internal static class SessionsListCommand
{
    // Option name -> query parameter of GET /api/sessions.
    private static readonly (string Option, string Parameter, string HelpName, string Description)[] Filters =
    [
        ("--status", "status", "STATUS", "live, leave or closed."),
        ("--silo", "silo", "SILO", "Only sessions of this silo: a name takes every generation of it; an owner value as sessions show it (name/ip:port@generation) exactly that one."),
        ("--ip", "ip", "ADDRESS", "Remote address: exact (10.1.2.3), CIDR (10.1.0.0/16) or whole octets ending in * (10.1.*)."),
        ("--prefix", "prefix", "TEXT", "Only ids that start with this text."),
        ("--heartbeat-before", "heartbeatBefore", "TIME", "Last heartbeat before this ISO 8601 time."),
        ("--heartbeat-after", "heartbeatAfter", "TIME", "Last heartbeat at or after this ISO 8601 time."),
        ("--sort", "sort", "FIELD", "id (default), last-heartbeat, state-since or heartbeats."),
        ("--order", "order", "ORDER", "asc (default) or desc."),
        ("--limit", "limit", "N", "Page size, 1 to 1000 (default 100)."),
        ("--cursor", "cursor", "TOKEN", "Start at the next token a previous page printed."),
    ];

    public static Command Create()
    {
        var options = Filters.Select(f => new Option<string?>(f.Option) { HelpName = f.HelpName, Description = f.Description }).ToArray();
        var all = new Option<bool>("--all") { Description = "Follow the cursor to the last page (with --json: one JSON array of every session)." };
        var command = SessionsCommand.CreateSubcommand(
            "list",
            "List sessions from the store, filtered and sorted, one page at a time (the API checks every value: a bad one is an error naming it).",
            (parsed, client, output, cancellationToken) => ListAsync(Query(parsed, options), parsed.GetValue(all), client, output, cancellationToken));
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(all);
        return command;
    }

    private static string Query(ParseResult parsed, Option<string?>[] options)
    {
        var pairs = new List<string>();
        for (var i = 0; i < Filters.Length; i++)
        {
            if (parsed.GetValue(options[i]) is { } value)
            {
                pairs.Add(Filters[i].Parameter + "=" + Uri.EscapeDataString(value));
            }
        }

        return string.Join('&', pairs);
    }

    private static async Task<int> ListAsync(string query, bool all, ApiClient client, SessionsOutput output, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("id", "status", "reason", "since", "last heartbeat", "heartbeats", "endpoint", "silo");
        var everything = new List<JsonElement>();
        var documents = new List<JsonDocument>();
        string? next = null;
        var shown = 0;
        try
        {
            do
            {
                var page = query + (next is null ? "" : (query.Length == 0 ? "" : "&") + "cursor=" + Uri.EscapeDataString(next));
                var result = await client.GetAsync("api/sessions" + (page.Length == 0 ? "" : "?" + page), cancellationToken);
                if (result.Body is null)
                {
                    return output.Fail(result.Error!);
                }

                documents.Add(result.Body);
                var root = result.Body.RootElement;
                if (output.Json && !all)
                {
                    return output.WriteJson(root);
                }

                foreach (var item in root.GetProperty("items").EnumerateArray())
                {
                    everything.Add(item);
                    table.AddRow(Cells(item));
                    shown++;
                }

                next = root.TryGetProperty("next", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            }
            while (all && next is not null);

            if (output.Json)
            {
                output.Writer.WriteLine(JsonSerializer.Serialize(everything));
                return ExitCodes.Ok;
            }

            output.Console.Write(table);
            output.Writer.WriteLine(next is null
                ? $"{shown} session(s); no more."
                : $"{shown} session(s); more with --cursor {next}");
            return ExitCodes.Ok;
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    private static string[] Cells(JsonElement item) =>
    [
        Markup.Escape(JsonText.Field(item, "sessionId")),
        JsonText.Field(item, "status"),
        Markup.Escape(JsonText.Field(item, "statusReason")),
        JsonText.Field(item, "stateSince"),
        JsonText.Field(item, "lastHeartbeat"),
        JsonText.Field(item, "counters", "heartbeatsReceived"),
        Markup.Escape(JsonText.Field(item, "remoteEndpoint")),
        Markup.Escape(JsonText.Field(item, "ownerSilo")),
    ];
}
