using SessionGrid.Runtime.Core;

namespace SessionGrid.Runtime.Storage;

/// <summary>
/// Creates the <see cref="IPersistentState{TState}"/> behind a <see cref="PersistentStateAttribute"/>
/// constructor parameter and registers it as a lifecycle participant of <paramref name="context"/>,
/// so the state is loaded before the first turn and written before deactivation.
/// </summary>
public interface IPersistentStateFactory
{
    IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName)
        where TState : class, new();
}
