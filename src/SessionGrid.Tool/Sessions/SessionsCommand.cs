using System.CommandLine;
using System.Text.Json;
using SessionGrid.Tool.Cli;

namespace SessionGrid.Tool.Sessions;

/// <summary>
/// <c>sessiongrid sessions list|show|events|kick</c>: the operator API from a terminal. Every subcommand
/// takes <c>--url</c> and <c>--token</c> (or SESSIONGRID_URL / SESSIONGRID_TOKEN) and <c>--json</c>, which
/// prints the API's answer as it came, for scripts.
/// </summary>
internal static class SessionsCommand
{
    public const string UrlVariable = "SESSIONGRID_URL";
    public const string TokenVariable = "SESSIONGRID_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:8080/";

    public static Command Create()
    {
        var sessions = new Command("sessions", "Find sessions, read one with its timeline, kick one: the silo's REST API from a terminal.");
        sessions.Subcommands.Add(SessionsListCommand.Create());
        sessions.Subcommands.Add(SessionsShowCommand.Create());
        sessions.Subcommands.Add(SessionsEventsCommand.Create());
        sessions.Subcommands.Add(SessionsKickCommand.Create());
        return sessions;
    }

    /// <summary>
    /// A subcommand with the shared options: <paramref name="run"/> gets the parse result, a client for the
    /// API and where to write; without a usable URL it does not run and the exit code is <see cref="ExitCodes.BadUsage"/>.
    /// </summary>
    public static Command CreateSubcommand(string name, string description, Func<ParseResult, ApiClient, SessionsOutput, CancellationToken, Task<int>> run)
    {
        var url = new Option<string?>("--url")
        {
            HelpName = "URL",
            Description = $"The silo's HTTP address (or a load balancer's). Default: the {UrlVariable} environment variable, else {DefaultUrl}.",
        };
        var token = new Option<string?>("--token")
        {
            HelpName = "TOKEN",
            Description = $"Bearer token (sessiongrid token create). Default: the {TokenVariable} environment variable; none for a silo without a signing key.",
        };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON answer instead of a table." };
        var command = new Command(name, description);
        command.Options.Add(url);
        command.Options.Add(token);
        command.Options.Add(json);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            var given = parsed.GetValue(url);
            var text = string.IsNullOrWhiteSpace(given) ? Environment.GetEnvironmentVariable(UrlVariable) : given;
            if (string.IsNullOrWhiteSpace(text))
            {
                text = DefaultUrl;
            }

            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync($"sessiongrid sessions {name}: --url must be an http:// or https:// address, e.g. {DefaultUrl} (was '{text}').");
                return ExitCodes.BadUsage;
            }

            var bearer = parsed.GetValue(token);
            using var client = ApiClient.Create(baseUrl, string.IsNullOrWhiteSpace(bearer) ? Environment.GetEnvironmentVariable(TokenVariable) : bearer);
            var output = new SessionsOutput(name, parsed.InvocationConfiguration.Output, error, parsed.GetValue(json));
            return await run(parsed, client, output, cancellationToken);
        });
        return command;
    }
}
