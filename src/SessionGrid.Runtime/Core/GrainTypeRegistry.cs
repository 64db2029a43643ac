using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace SessionGrid.Runtime.Core;

/// <summary>
/// Grain type name -> grain class, and grain interface -> (type name, reference factory), built once
/// from the <see cref="GrainRegistration"/>s in the container. Conflicting registrations fail start-up.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainClassInfo> _classes;
    private readonly FrozenDictionary<Type, GrainRegistration> _interfaces;

    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        var classes = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        var interfaces = new Dictionary<Type, GrainRegistration>();
        foreach (var registration in registrations)
        {
            if (classes.TryGetValue(registration.GrainType, out var existing))
            {
                if (existing.GrainClass != registration.GrainClass.GrainClass)
                {
                    throw new InvalidOperationException(
                        $"Grain type '{registration.GrainType}' is registered for both {existing.GrainClass.FullName} and {registration.GrainClass.GrainClass.FullName}.");
                }
            }
            else
            {
                classes.Add(registration.GrainType, registration.GrainClass);
            }

            if (interfaces.TryGetValue(registration.InterfaceType, out var previous))
            {
                if (previous.GrainType != registration.GrainType)
                {
                    throw new InvalidOperationException(
                        $"Grain interface {registration.InterfaceType.FullName} is registered for both grain type '{previous.GrainType}' and '{registration.GrainType}'.");
                }
            }
            else
            {
                interfaces.Add(registration.InterfaceType, registration);
            }
        }

        _classes = classes.ToFrozenDictionary(StringComparer.Ordinal);
        _interfaces = interfaces.ToFrozenDictionary();
    }

    public bool TryGetClass(string grainType, [NotNullWhen(true)] out GrainClassInfo? grainClass) => _classes.TryGetValue(grainType, out grainClass);

    public GrainRegistration GetByInterface(Type interfaceType)
        => _interfaces.TryGetValue(interfaceType, out var registration)
            ? registration
            : throw new ArgumentException(
                $"No grain class is registered for grain interface {interfaceType.FullName}; register one with services.AddGrain<TInterface, TGrain>(...).");
}
