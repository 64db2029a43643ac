namespace SessionGrid.Grains.Sessions;

/// <summary>A client's <c>bye</c>, from the connection it came on.</summary>
[GenerateSerializer]
[Immutable]
[Alias("SessionGrid.ByeRequest")]
public sealed record ByeRequest([property: Id(0)] long ConnectionId, [property: Id(1)] long BytesIn);
