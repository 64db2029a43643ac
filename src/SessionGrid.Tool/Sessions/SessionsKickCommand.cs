using System.CommandLine;

namespace SessionGrid.Tool.Sessions;

/// <summary><c>sessiongrid sessions kick ID [--reason TEXT]</c>: <c>POST /api/sessions/{id}/kick</c> (operator role).</summary>
internal static class SessionsKickCommand
{
    public static Command Create()
    {
        var id = SessionsShowCommand.SessionIdArgument();
        var reason = new Option<string?>("--reason") { HelpName = "TEXT", Description = "Why, recorded in the session's timeline with who kicked it." };
        var command = SessionsCommand.CreateSubcommand(
            "kick",
            "Close the session and disconnect its client (close frame with reason kicked). Needs an operator token.",
            (parsed, client, output, cancellationToken) => KickAsync(parsed.GetValue(id)!, parsed.GetValue(reason), client, output, cancellationToken));
        command.Arguments.Add(id);
        command.Options.Add(reason);
        return command;
    }

    private static Task<int> KickAsync(string id, string? reason, ApiClient client, SessionsOutput output, CancellationToken cancellationToken)
        => output.WriteAsync(client.PostAsync(ApiClient.SessionPath(id, "kick"), new { reason }, cancellationToken), kick =>
            output.Writer.WriteLine($"kicked {id} (by {JsonText.Field(kick, "by")}{(reason is null ? "" : ", reason: " + reason)})"));
}
