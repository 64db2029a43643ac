namespace SessionGrid.Silo.Hosting;

/// <summary>The dashboard and REST API endpoint. Bound from the <c>Http</c> configuration section.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>HTTP port; 0 picks a free port (tests). Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// Address to listen on. Default <c>0.0.0.0</c> when <c>Auth:SigningKey</c> is set, else <c>127.0.0.1</c>;
    /// an address beyond loopback without a key refuses to start.
    /// </summary>
    public string? ListenAddress { get; set; }
}
