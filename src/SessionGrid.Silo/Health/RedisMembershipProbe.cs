using StackExchange.Redis;

namespace SessionGrid.Silo.Health;

/// <summary>A connection of its own to the membership Redis, for health only; it reconnects in the background.</summary>
internal sealed class RedisMembershipProbe(string connectionString) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        return ConnectionMultiplexer.Connect(options);
    });

    public IDatabase Database => _connection.Value.GetDatabase();

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
