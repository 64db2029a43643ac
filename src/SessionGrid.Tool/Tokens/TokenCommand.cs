using System.CommandLine;

namespace SessionGrid.Tool.Tokens;

/// <summary><c>sessiongrid token</c>: API tokens (<c>create</c>).</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var token = new Command("token", "API tokens: mint a signed token for a viewer or an operator.");
        token.Subcommands.Add(TokenCreateCommand.Create());
        return token;
    }
}
