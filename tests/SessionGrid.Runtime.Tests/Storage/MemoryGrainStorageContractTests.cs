using SessionGrid.Runtime.Storage;
using SessionGrid.TestKit.Storage;

namespace SessionGrid.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageContractTests : GrainStorageContractTests
{
    protected override IGrainStorage Storage { get; } = new MemoryGrainStorage();
}
