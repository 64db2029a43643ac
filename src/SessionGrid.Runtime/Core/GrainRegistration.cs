namespace SessionGrid.Runtime.Core;

/// <summary>One <c>AddGrain</c> call: grain interface, grain type name, grain class and reference factory.</summary>
/// <param name="ReferenceFactory">A <c>Func&lt;IGrainCallRouter, GrainId, TInterface&gt;</c>.</param>
internal sealed record GrainRegistration(Type InterfaceType, string GrainType, GrainClassInfo GrainClass, Delegate ReferenceFactory);
