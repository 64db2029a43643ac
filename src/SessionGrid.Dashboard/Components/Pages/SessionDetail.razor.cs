using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.FluentUI.AspNetCore.Components;
using SessionGrid.Dashboard.Data;
using SessionGrid.Grains.Sessions;

namespace SessionGrid.Dashboard.Components.Pages;

/// <summary>One session live from its grain, its transition timeline, and the operator's Kick.</summary>
public partial class SessionDetail
{
    private SessionSnapshot? _snapshot;
    private IQueryable<SessionEvent> _timeline = Enumerable.Empty<SessionEvent>().AsQueryable();
    private string? _message;
    private MessageBarIntent _messageIntent = MessageBarIntent.Info;

    /// <summary>The session id, decoded from its one URL segment (ids may contain "/", sent as %2F).</summary>
    [Parameter]
    public string SessionId { get; set; } = string.Empty;

    [Inject]
    private DashboardData Data { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected override async Task OnParametersSetAsync()
    {
        _message = null;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _snapshot = await Data.GetAsync(SessionId);
        _timeline = (await Data.TimelineAsync(SessionId, CancellationToken.None)).AsQueryable();
    }

    private async Task KickAsync()
    {
        var answer = await Dialogs.ShowConfirmationAsync(
            message: $"Close session '{SessionId}' and disconnect its client (reason kicked)?",
            title: "Kick session",
            primaryButton: "Kick",
            secondaryButton: "Cancel");
        if (answer.Cancelled)
        {
            return;
        }

        var user = (await Authentication).User;
        try
        {
            var kicked = await Data.KickAsync(user, SessionId, note: "dashboard");
            (_messageIntent, _message) = kicked
                ? (MessageBarIntent.Success, "Kicked: the session is closed and its client was told so.")
                : (MessageBarIntent.Warning, "Nothing to kick: the session does not exist or is already closed.");
        }
        catch (UnauthorizedAccessException e)
        {
            (_messageIntent, _message) = (MessageBarIntent.Error, e.Message);
        }

        await LoadAsync();
    }
}
