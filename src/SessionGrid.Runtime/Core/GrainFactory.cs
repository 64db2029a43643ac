namespace SessionGrid.Runtime.Core;

/// <summary>Creates grain references from the registrations made with <c>AddGrain</c>.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallRouter router) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var registration = registry.GetByInterface(typeof(TGrainInterface));
        var create = (Func<IGrainCallRouter, GrainId, TGrainInterface>)registration.ReferenceFactory;
        return create(router, new GrainId(registration.GrainType, key));
    }
}
