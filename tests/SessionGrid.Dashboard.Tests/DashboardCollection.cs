using SessionGrid.Dashboard.Tests.Browser;

namespace SessionGrid.Dashboard.Tests;

/// <summary>One Chromium and one silo for all dashboard tests; each test has its own browser context and sessions.</summary>
[CollectionDefinition(nameof(DashboardCollection))]
public sealed class DashboardCollection : ICollectionFixture<Chromium>, ICollectionFixture<DashboardSilo>;
