using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace SessionGrid.Dashboard.Components.Pages;

/// <summary>
/// Token sign-in through the silo's <c>/auth/sign-in</c> (the same checks as the API), then a full reload so
/// the new circuit starts as the signed-in user.
/// </summary>
public partial class SignIn
{
    private string? _token;
    private string? _error;

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    /// <summary>Where to go after signing in: a path of this site only.</summary>
    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    private async Task SignInAsync()
    {
        if (string.IsNullOrWhiteSpace(_token))
        {
            _error = "Paste a token first.";
            return;
        }

        await using var module = await Js.InvokeAsync<IJSObjectReference>("import", "./_content/SessionGrid.Dashboard/dashboard.js");
        _error = await module.InvokeAsync<string?>("signIn", _token.Trim());
        if (_error is null)
        {
            var target = ReturnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
            Navigation.NavigateTo(target, forceLoad: true);
        }
    }
}
