using Microsoft.Extensions.DependencyInjection;
using SessionGrid.Runtime.Core;

namespace SessionGrid.TestKit;

/// <summary>Reaches into a running grain runtime for tests that must provoke what clients cannot.</summary>
public static class RuntimeProbe
{
    /// <summary>Asks the activation of <paramref name="grainId"/> to deactivate; false when it is not active.</summary>
    public static bool Deactivate(IServiceProvider services, GrainId grainId, DeactivationReason reason)
    {
        if (!services.GetRequiredService<GrainCatalog>().TryGetActivation(grainId, out var activation))
        {
            return false;
        }

        activation.Deactivate(reason);
        return true;
    }
}
