using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using SessionGrid.Dashboard.Components;
using SessionGrid.Dashboard.Data;

namespace SessionGrid.Dashboard;

/// <summary>The operator dashboard: Blazor pages with interactive server rendering, served at <c>/</c>.</summary>
public static class DashboardExtensions
{
    /// <summary>
    /// Registers the dashboard's services and maps its pages. Must run after
    /// <c>UseSessionGridSecurity</c>: pages read the signed-in user that authentication sets.
    /// </summary>
    public static WebApplication MapSessionGridDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Adds Blazor's server rendering, the component library and the dashboard's data access. Static web
    /// assets are read through the build's manifest, so an unpublished build (<c>dotnet run</c>, tests)
    /// serves the libraries' files from where the build left them; a published silo has them in wwwroot.
    /// </summary>
    public static WebApplicationBuilder AddSessionGridDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddFluentUIComponents();
        services.AddScoped<DashboardData>();
        return builder;
    }
}
