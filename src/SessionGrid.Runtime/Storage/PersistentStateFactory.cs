using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>Creates the persistent states the catalog injects into grain constructors.</summary>
internal sealed class PersistentStateFactory(IServiceProvider services, StateFlusher flusher, GrainStateCopier copier) : IPersistentStateFactory
{
    public IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var name = storageName ?? GrainStorageNames.Default;
        var storage = services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException(
                $"No grain storage named '{name}' is registered (state '{stateName}' of {context.GrainId}). Register one, for example with AddMemoryGrainStorage(\"{name}\").");
        var state = new PersistentState<TState>(context, stateName, storage, flusher, copier);
        context.AddLifecycleParticipant(state);
        return state;
    }
}
