using System.Text.Json;
using Microsoft.Playwright;

namespace SessionGrid.Dashboard.Tests.Browser;

/// <summary>A browser context of its own (own cookies) on the dashboard, with the steps tests share.</summary>
public sealed class DashboardPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    /// <summary>A hang guard for Expect and waits, not a timing assertion.</summary>
    public const float Timeout = 30_000;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public IPage Page => page;

    public static async Task<DashboardPage> OpenAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        context.SetDefaultTimeout(Timeout);
        return new DashboardPage(context, await context.NewPageAsync());
    }

    /// <summary>Opens <paramref name="path"/> and waits until the circuit is up (handlers are live).</summary>
    public async Task GotoAsync(string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    /// <summary>Signs in with <paramref name="token"/> on the sign-in page and waits for <paramref name="path"/>.</summary>
    public async Task SignInAsync(string token, string path = "/")
    {
        await GotoAsync("/sign-in?returnUrl=" + Uri.EscapeDataString(path));
        await page.Locator("#token").FillAsync(token);
        await Button("Sign in").ClickAsync();
        await page.Locator("[data-testid=user]").WaitForAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }

    /// <summary>
    /// A FluentUI button by its exact text (optionally inside <paramref name="within"/>): a fluent-button
    /// element takes its button role through element internals, which role queries do not see.
    /// </summary>
    public ILocator Button(string text, string? within = null)
        => page.Locator((within is null ? string.Empty : within + " ") + "fluent-button")
            .Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(text) + "\\s*$") });

    /// <summary>
    /// The traces plotly drew in the chart with <paramref name="testId"/> (what the browser holds, after every
    /// update the server sent); empty while the chart is not drawn yet. Read as JSON text: Playwright's own
    /// conversion types an array by its values and cannot tell a line of gaps (nulls) from one of labels.
    /// </summary>
    public async Task<IReadOnlyList<ChartTrace>> ChartAsync(string testId)
    {
        var json = await page.EvaluateAsync<string>(
            """
            testId => {
                const chart = document.querySelector(`[data-testid="${testId}"]`);
                return JSON.stringify((chart?.data ?? []).map(t => {
                    const horizontal = t.orientation === 'h';
                    return {
                        name: t.name,
                        labels: Array.from(horizontal ? t.y : t.x, String),
                        values: Array.from(horizontal ? t.x : t.y, v => v ?? null),
                    };
                }));
            }
            """,
            testId);
        return JsonSerializer.Deserialize<ChartTrace[]>(json, JsonOptions)!;
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
