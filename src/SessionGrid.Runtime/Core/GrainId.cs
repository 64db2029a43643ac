namespace SessionGrid.Runtime.Core;

/// <summary>Identity of a grain: grain type name plus string key, for example <c>session/10.0.0.5:4242</c>.</summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Type = type;
        Key = key;
    }

    public string Type { get; }

    public string Key { get; }

    public bool IsDefault => Type is null;

    /// <summary>
    /// A hash that is the same on every silo and every run (unlike <see cref="string.GetHashCode()"/>),
    /// used for hash-range placement and reminder ranges.
    /// </summary>
    public uint GetUniformHashCode()
    {
        // FNV-1a over the UTF-16 code units, then the murmur3 finalizer to spread nearby keys
        // (ip:port keys differ in a few trailing characters) over the whole ring.
        var hash = 2166136261u;
        hash = Fnv(hash, Type);
        hash = (hash ^ '/') * 16777619u;
        hash = Fnv(hash, Key);
        hash ^= hash >> 16;
        hash *= 0x85ebca6bu;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35u;
        hash ^= hash >> 16;
        return hash;

        static uint Fnv(uint hash, string text)
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return hash;
        }
    }

    public bool Equals(GrainId other) => string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Type ?? ""), StringComparer.Ordinal.GetHashCode(Key ?? ""));

    public override string ToString() => IsDefault ? "(none)" : string.Concat(Type, "/", Key);

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    /// <summary>Parses <c>type/key</c>; the key may itself contain '/'.</summary>
    public static GrainId Parse(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            throw new FormatException($"'{value}' is not a grain id of the form type/key.");
        }

        return new GrainId(value[..slash], value[(slash + 1)..]);
    }
}
