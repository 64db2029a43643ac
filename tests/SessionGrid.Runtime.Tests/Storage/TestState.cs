namespace SessionGrid.Runtime.Tests.Storage;

public sealed class TestState
{
    public int Count { get; set; }

    public string? Name { get; set; }

    public List<int> Items { get; set; } = [];
}
