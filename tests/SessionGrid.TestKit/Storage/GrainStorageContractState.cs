namespace SessionGrid.TestKit.Storage;

/// <summary>The state <see cref="GrainStorageContractTests"/> writes: a number, a nullable string and a list.</summary>
public sealed class GrainStorageContractState
{
    public int Count { get; set; }

    public string? Name { get; set; }

    public List<int> Items { get; set; } = [];
}
