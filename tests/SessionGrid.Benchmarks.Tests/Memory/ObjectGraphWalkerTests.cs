using SessionGrid.Benchmarks.Memory;

namespace SessionGrid.Benchmarks.Tests.Memory;

public sealed class ObjectGraphWalkerTests
{
    [Fact]
    public void Walk_ListOfOneString_SizesEachObjectAsTheGcLaysItOut()
    {
        Assert.True(ObjectGraphWalker.IsSupported);
        var list = new List<string>(1) { new('a', 2) };

        var tally = ObjectGraphWalker.Walk(list);

        // List<T>: header + method table + array ref + two ints = 32 B; string of 2 chars:
        // 16 + length 4 + 2 x 2 + terminator 2 = 26, rounded to 32; string[1]: 16 + length 8 + 8 = 32.
        Assert.Equal(new TypeTally(1, 32), tally[typeof(List<string>)]);
        Assert.Equal(new TypeTally(1, 32), tally[typeof(string)]);
        Assert.Equal(new TypeTally(1, 32), tally[typeof(string[])]);
    }

    [Fact]
    public void Walk_CycleAndSharedObjects_EachCountedOnce()
    {
        var shared = new Node(null);
        var a = new Node(shared);
        var b = new Node(shared) { Other = a };
        a.Other = b;

        var tally = ObjectGraphWalker.Walk(a, b, shared);

        Assert.Equal(3, tally[typeof(Node)].Count);
    }

    [Fact]
    public void Walk_ReferencesInsideStructsAndNullables_Followed()
    {
        var holder = new Holder { Pair = new KeyValuePair<string, Node>("k", new Node(null)), Maybe = new Wrapped(new Node(null)) };

        var tally = ObjectGraphWalker.Walk(holder);

        Assert.Equal(2, tally[typeof(Node)].Count);
        Assert.Equal(1, tally[typeof(string)].Count);
    }

    [Fact]
    public void Walk_TypesAndDelegates_MetadataNotCounted()
    {
        Func<int> call = new Node(null).GetHashCode;

        var tally = ObjectGraphWalker.Walk(call, typeof(Node));

        Assert.Equal(1, tally[typeof(Node)].Count);
        Assert.DoesNotContain(tally.Keys, t => typeof(System.Reflection.MemberInfo).IsAssignableFrom(t));
    }

    [Theory]
    [InlineData(typeof(int[]), "Int32[]")]
    [InlineData(typeof(Dictionary<string, int>.Enumerator), "Dictionary<String, Int32>.Enumerator")]
    [InlineData(typeof(List<KeyValuePair<string, long>>), "List<KeyValuePair<String, Int64>>")]
    public void Friendly_ClrNames_ReadLikeCSharp(Type type, string expected)
    {
        Assert.Equal(expected, TypeNames.Friendly(type));
    }

    private sealed class Node(Node? next)
    {
        public Node? Next { get; } = next;

        public Node? Other { get; set; }
    }

    private readonly record struct Wrapped(Node Node);

    private sealed class Holder
    {
        public KeyValuePair<string, Node> Pair { get; set; }

        public Wrapped? Maybe { get; set; }
    }
}
