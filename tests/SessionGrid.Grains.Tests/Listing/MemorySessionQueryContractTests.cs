using SessionGrid.Grains.Sessions;
using SessionGrid.Grains.Storage;
using SessionGrid.TestKit.Listing;

namespace SessionGrid.Grains.Tests.Listing;

public sealed class MemorySessionQueryContractTests : SessionQueryContractTests
{
    private MemorySessionStore _store = new();

    protected override ISessionStore Store => _store;

    protected override ISessionQuery Query => new MemorySessionQuery(_store, Machine, Time);

    protected override Task ResetAsync()
    {
        _store = new MemorySessionStore();
        return Task.CompletedTask;
    }
}
