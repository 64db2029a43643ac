using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Storage;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// How to construct one grain class, worked out once at registration: a compiled DI factory, plus a
/// delegate per <see cref="PersistentStateAttribute"/> parameter, so an activation costs no reflection.
/// </summary>
internal sealed class GrainClassInfo
{
    private static readonly MethodInfo s_createState =
        typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly ObjectFactory _factory;
    private readonly StateParameter[] _states;

    public GrainClassInfo(Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        if (!typeof(Grain).IsAssignableFrom(grainClass) || grainClass.IsAbstract || grainClass.ContainsGenericParameters)
        {
            throw new ArgumentException($"{grainClass.FullName} is not a concrete class deriving from {nameof(Grain)}.", nameof(grainClass));
        }

        GrainClass = grainClass;
        _states = FindStateParameters(grainClass);

        // The state parameters are passed in as arguments, in constructor order; ActivatorUtilities
        // matches each argument to the first still-unmatched parameter of its type.
        _factory = ActivatorUtilities.CreateFactory(grainClass, Array.ConvertAll(_states, s => s.ParameterType));
    }

    public Type GrainClass { get; }

    /// <summary>Constructs the grain for <paramref name="context"/>. Must run synchronously on the activating thread.</summary>
    public Grain Create(IGrainContext context, IServiceProvider services)
    {
        var args = _states.Length == 0 ? [] : new object?[_states.Length];
        if (_states.Length > 0)
        {
            var stateFactory = services.GetService<IPersistentStateFactory>()
                ?? throw new InvalidOperationException(
                    $"Grain class {GrainClass.FullName} has [PersistentState] constructor parameters, but no {nameof(IPersistentStateFactory)} " +
                    "is registered: add grain storage to the silo (AddGrainStorageCore).");
            for (var i = 0; i < _states.Length; i++)
            {
                args[i] = _states[i].Create(stateFactory, context);
            }
        }

        // Grain's parameterless base constructor reads the context from here.
        var previous = RuntimeContext.Activating;
        RuntimeContext.Activating = context;
        try
        {
            return (Grain)_factory(services, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Depending on how the factory was compiled the constructor's exception may come wrapped.
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        finally
        {
            RuntimeContext.Activating = previous;
        }
    }

    private static StateParameter[] FindStateParameters(Type grainClass)
    {
        var constructors = grainClass.GetConstructors();
        var constructor = constructors.FirstOrDefault(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute), inherit: false))
            ?? constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new ArgumentException($"Grain class {grainClass.FullName} has no public constructor.", nameof(grainClass));

        var states = new List<StateParameter>();
        foreach (var parameter in constructor.GetParameters())
        {
            var attribute = parameter.GetCustomAttribute<PersistentStateAttribute>();
            if (attribute is null)
            {
                continue;
            }

            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new ArgumentException(
                    $"Parameter '{parameter.Name}' of {grainClass.FullName} has [PersistentState] but is not an IPersistentState<T>.", nameof(grainClass));
            }

            var create = s_createState.MakeGenericMethod(type.GetGenericArguments()[0])
                .CreateDelegate<Func<IPersistentStateFactory, IGrainContext, string, string?, object>>();
            states.Add(new StateParameter(type, attribute.StateName, attribute.StorageName, create));
        }

        return [.. states];
    }

    private static object CreateState<TState>(IPersistentStateFactory factory, IGrainContext context, string stateName, string? storageName)
        where TState : class, new()
        => factory.Create<TState>(context, stateName, storageName);

    private sealed record StateParameter(
        Type ParameterType,
        string StateName,
        string? StorageName,
        Func<IPersistentStateFactory, IGrainContext, string, string?, object> Factory)
    {
        public object Create(IPersistentStateFactory factory, IGrainContext context) => Factory(factory, context, StateName, StorageName);
    }
}
