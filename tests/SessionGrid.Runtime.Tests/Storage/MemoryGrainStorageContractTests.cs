using SessionGrid.Runtime.Storage;
using Xunit;

namespace SessionGrid.Runtime.Tests.Storage;

public sealed class MemoryGrainStorageContractTests : GrainStorageContractTests
{
    protected override IGrainStorage Storage { get; } = new MemoryGrainStorage();
}
