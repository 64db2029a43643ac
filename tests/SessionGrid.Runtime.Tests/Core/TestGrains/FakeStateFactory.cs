using SessionGrid.Runtime.Core;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Tests.Core.TestGrains;

/// <summary>
/// Stands in for the storage engineer's factory through the same contract: creates a state, adds it
/// as a lifecycle participant, "loads" it (a counter becomes 42) and records what it did.
/// </summary>
public sealed class FakeStateFactory(GrainProbe probe) : IPersistentStateFactory
{
    public IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName)
        where TState : class, new()
    {
        var state = new FakeState<TState>(probe, context.GrainId, stateName, storageName);
        context.AddLifecycleParticipant(state);
        probe.Record($"state-created:{context.GrainId.Key}:{stateName}:{storageName}");
        return state;
    }

    private sealed class FakeState<TState>(GrainProbe probe, GrainId grainId, string stateName, string? storageName)
        : IPersistentState<TState>, IActivationLifecycleParticipant
        where TState : class, new()
    {
        public TState State { get; set; } = new();

        public string? Etag { get; private set; }

        public bool RecordExists => Etag is not null;

        public bool IsDirty { get; private set; }

        public Task ReadStateAsync(CancellationToken cancellationToken = default)
        {
            if (State is CounterState counter)
            {
                counter.Value = 42;
            }

            Etag = "1";
            return Task.CompletedTask;
        }

        public Task WriteStateAsync(CancellationToken cancellationToken = default)
        {
            IsDirty = false;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void MarkDirty() => IsDirty = true;

        public Task OnActivatingAsync(CancellationToken cancellationToken)
        {
            probe.Record($"state-load:{grainId.Key}:{stateName}:{storageName}");
            return ReadStateAsync(cancellationToken);
        }

        public Task OnDeactivatingAsync(DeactivationReason reason, CancellationToken cancellationToken)
        {
            probe.Record($"state-write:{grainId.Key}:{reason}");
            return WriteStateAsync(cancellationToken);
        }
    }
}
