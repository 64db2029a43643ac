using SessionGrid.Runtime.Tests.Core.TestGrains;
using Xunit;

namespace SessionGrid.Runtime.Tests.Core;

public sealed class TurnTests
{
    [Fact]
    public async Task InvokeAsync_CallsFromOneCaller_RunInIssueOrder()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("order");

        // Issue everything before awaiting anything, so the calls really queue up together.
        var calls = Enumerable.Range(0, 500).Select(i => grain.AppendAsync(i).AsTask()).ToArray();
        await Task.WhenAll(calls).WaitAsync(TestTimeouts.Default);

        Assert.Equal(Enumerable.Range(0, 500), await grain.GetAppendedAsync());
    }

    [Fact]
    public async Task InvokeAsync_WhileTurnAwaits_NextCallDoesNotStartUntilItCompletes()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("nonreentrant");
        var gate = silo.Probe.Gate("first");

        var first = grain.BlockAsync("first").AsTask();
        await silo.Probe.WaitForAsync("enter:first");
        var second = grain.RecordAsync("second-ran").AsTask();

        // The first turn is parked on its gate; the second call must sit in the mailbox. The short
        // delay gives a (wrongly) reentrant mailbox the chance to start it anyway.
        await Task.Delay(50);
        Assert.Equal(1, silo.GetActivation(TestGrain.GrainType, "nonreentrant").QueuedCount);
        Assert.DoesNotContain("second-ran", silo.Probe.Events);

        gate.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TestTimeouts.Default);

        var events = silo.Probe.Events.ToList();
        Assert.True(events.IndexOf("exit:first") < events.IndexOf("second-ran"), string.Join(", ", events));
    }

    [Fact]
    public async Task InvokeAsync_ManyGrains_RunTheirTurnsConcurrently()
    {
        await using var silo = await TestSilo.StartAsync();
        const int count = 64;
        var gate = silo.Probe.Gate("all");

        // Every grain waits on the same gate: they can all be inside a turn at once only if
        // activations do not serialize each other.
        var calls = Enumerable.Range(0, count).Select(i => silo.Factory.GetGrain<ITestGrain>($"many-{i}").BlockAsync("all").AsTask()).ToArray();
        await silo.Probe.WaitForCountAsync("enter:all", count);

        Assert.Equal(count, silo.Probe.Count("enter:all"));
        Assert.Equal(0, silo.Probe.Count("exit:all"));
        gate.SetResult();
        await Task.WhenAll(calls).WaitAsync(TestTimeouts.Default);
        Assert.Equal(count, silo.Catalog.ActivationCount);
    }

    [Fact]
    public async Task InvokeAsync_MethodThrowsAfterAwait_CallerGetsExceptionAndActivationSurvives()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("throws");
        var before = await grain.GetActivationIdAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowAsync("boom").AsTask());

        Assert.Equal("boom", error.Message);
        Assert.Equal(before, await grain.GetActivationIdAsync());
        Assert.Equal(7, await grain.EchoAsync(7));
    }

    [Fact]
    public async Task InvokeAsync_MethodThrowsSynchronously_CallerGetsExceptionAndActivationSurvives()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("throws-now");
        var before = await grain.GetActivationIdAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowSynchronouslyAsync("now").AsTask());

        Assert.Equal("now", error.Message);
        Assert.Equal(before, await grain.GetActivationIdAsync());
    }

    [Fact]
    public async Task InvokeAsync_ValueTaskOfT_ReturnsTheGrainsResult()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("echo");

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, await grain.EchoAsync(i));
        }
    }

    [Fact]
    public async Task InvokeAsync_TurnLongerThanThreshold_LogsWarningWithStableEventId()
    {
        await using var silo = await TestSilo.StartAsync(o => o.TurnWarningThreshold = TimeSpan.FromSeconds(1));
        var grain = silo.Factory.GetGrain<ITestGrain>("slow");
        await grain.PingAsync();
        Assert.Empty(silo.Logs.WithEventId(1001));

        await grain.AdvanceClockAsync(TimeSpan.FromSeconds(3));

        var entry = await silo.Logs.WaitForAsync(1001);
        Assert.Contains("test/slow", entry.Message, StringComparison.Ordinal);
        Assert.Contains("3000 ms", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_GrainCallsItselfWithoutWaiting_LogsSelfCallAndRunsAfterTheTurn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("self");

        await grain.CallSelfWithoutWaitingAsync();
        await silo.Probe.WhenKeptAsync();

        var events = silo.Probe.Events.ToList();
        Assert.True(events.IndexOf("self-call-issued:self") < events.IndexOf("self-call:self"), string.Join(", ", events));
        Assert.Single(silo.Logs.WithEventId(1005));
    }

    [Fact]
    public async Task InvokeAsync_FromManyCallersAtOnce_EveryCallCompletesExactlyOnce()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITestGrain>("contended");

        // Pooled call items are reused across threads; a mix-up would show as a wrong or lost result.
        var callers = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            var sum = 0L;
            for (var i = 0; i < 2_000; i++)
            {
                sum += await grain.EchoAsync((c * 10_000) + i);
            }

            return sum;
        })).ToArray();
        var sums = await Task.WhenAll(callers).WaitAsync(TestTimeouts.Default);

        for (var c = 0; c < 8; c++)
        {
            Assert.Equal(Enumerable.Range(0, 2_000).Sum(i => (long)((c * 10_000) + i)), sums[c]);
        }
    }
}
