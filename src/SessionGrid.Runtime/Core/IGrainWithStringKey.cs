namespace SessionGrid.Runtime.Core;

/// <summary>A grain interface whose identity key is a string (a session id, for example).</summary>
public interface IGrainWithStringKey : IGrain
{
}
