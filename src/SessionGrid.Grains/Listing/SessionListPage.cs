using SessionGrid.Grains.Sessions;

namespace SessionGrid.Grains.Listing;

/// <summary>One page of a session list; <paramref name="Next"/> is the opaque cursor of the page after it, null on the last page.</summary>
public sealed record SessionListPage(IReadOnlyList<SessionSnapshot> Items, string? Next);
