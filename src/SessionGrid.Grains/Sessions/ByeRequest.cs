namespace SessionGrid.Grains.Sessions;

/// <summary>A client's <c>bye</c>, from the connection it came on.</summary>
public readonly record struct ByeRequest(long ConnectionId, long BytesIn);
