using System.Net;
using SessionGrid.Tool.LoadGen;

namespace SessionGrid.Tool.Tests.LoadGen;

/// <summary>The pure parts of a run's plan: who gets which mode, which source address, which target.</summary>
public sealed class PlanningTests
{
    [Fact]
    public void ModePlan_FractionsOfAThousand_ExactCountsSpreadOverTheFleet()
    {
        var plan = new ModePlan(new LoadGenOptions { Clients = 1000, Silent = 0.01, Flapping = 0.005, Garbage = 0.1 });

        Assert.Equal((885, 10, 5, 100), (plan.Count(ClientMode.Healthy), plan.Count(ClientMode.Silent), plan.Count(ClientMode.Flapping), plan.Count(ClientMode.Garbage)));
        var positions = Enumerable.Range(0, 1000).Where(i => plan[i] == ClientMode.Silent).ToArray();
        Assert.Equal(10, positions.Length);
        Assert.True(positions[^1] - positions[0] > 500, "silent clients are bunched at one end of the ramp");
    }

    [Fact]
    public void ModePlan_FractionsThatDoNotDivide_CountsStillAddUp()
    {
        var plan = new ModePlan(new LoadGenOptions { Clients = 7, Silent = 1.0 / 3, Reset = 1.0 / 3, Slowloris = 1.0 / 3 });

        Assert.Equal(7, ClientModes.All.Sum(plan.Count));
        Assert.Equal(0, plan.Count(ClientMode.Healthy));
        Assert.All(new[] { ClientMode.Silent, ClientMode.Reset, ClientMode.Slowloris }, m => Assert.InRange(plan.Count(m), 2, 3));
    }

    [Fact]
    public void ModePlan_SameOptions_SameAssignment()
    {
        var options = new LoadGenOptions { Clients = 200, Silent = 0.2, Reset = 0.1 };

        var first = new ModePlan(options);
        var second = new ModePlan(options);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => first[i]), Enumerable.Range(0, 200).Select(i => second[i]));
    }

    [Fact]
    public void SourceAddressPool_RangeAndList_RoundRobinByIndex()
    {
        Assert.True(SourceAddressPool.TryParse("127.0.0.2-127.0.0.4, 127.0.1.9", out var pool, out _));

        Assert.Equal(4, pool.Count);
        Assert.Equal(
            ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.1.9", "127.0.0.2"],
            Enumerable.Range(0, 5).Select(i => pool.Get(i).ToString()));
        Assert.Equal("127.0.0.3", pool.Get(1_000_001).ToString());
    }

    [Fact]
    public void SourceAddressPool_WholeLoopbackRange_CostsNothingAndCrossesOctets()
    {
        Assert.True(SourceAddressPool.TryParse("127.0.0.0-127.255.255.255", out var pool, out _));

        Assert.Equal(16_777_216, pool.Count);
        Assert.Equal(IPAddress.Parse("127.0.1.0"), pool.Get(256));
    }

    [Theory]
    [InlineData("127.0.0.1:14000", "127.0.0.1", 14000)]
    [InlineData("silo-1.example:15000", "silo-1.example", 15000)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("[::1]:14000", "::1", 14000)]
    public void TargetAddress_ValidForms_Parse(string text, string host, int port)
    {
        Assert.True(TargetAddress.TryParse(text, out var target, out var error), error);

        Assert.Equal((host, port), (target.Host, target.Port));
    }

    [Fact]
    public void Validator_Defaults_AreValid()
    {
        Assert.Empty(LoadGenOptionsValidator.Validate(new LoadGenOptions()));
    }

    [Fact]
    public void Validator_FractionsSummingToOneWithRounding_AreValid()
    {
        var options = new LoadGenOptions { Silent = 0.1, Garbage = 0.2, Oversized = 0.3, Reset = 0.4 };

        Assert.Empty(LoadGenOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Validator_LastIdAtTheProtocolLimit_ValidOnlyUpTo256Bytes(int clients, bool valid)
    {
        // 254 + "99" is 256 bytes, 254 + "100" is 257.
        var errors = LoadGenOptionsValidator.Validate(new LoadGenOptions { IdPrefix = new string('x', 254), Clients = clients });

        Assert.Equal(valid, !errors.Any(e => e.Contains("--id-prefix", StringComparison.Ordinal)));
    }

    [Fact]
    public void LoadGenerator_InvalidOptions_RefusesToStart()
    {
        var error = Assert.Throws<ArgumentException>(() => new LoadGenerator(new LoadGenOptions { Clients = 0 }));

        Assert.Contains("--clients", error.Message);
    }
}
