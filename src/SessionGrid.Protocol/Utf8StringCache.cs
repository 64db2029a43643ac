namespace SessionGrid.Protocol;

/// <summary>Remembers the last UTF-8 key and the string made from it.</summary>
internal sealed class Utf8StringCache
{
    private byte[] _key = [];
    private int _keyLength = -1;
    private string? _value;

    public string? TryGet(ReadOnlySpan<byte> key) =>
        _value is not null && key.SequenceEqual(_key.AsSpan(0, _keyLength)) ? _value : null;

    public string Set(ReadOnlySpan<byte> key, string value)
    {
        if (_key.Length < key.Length)
        {
            _key = new byte[key.Length];
        }

        key.CopyTo(_key);
        _keyLength = key.Length;
        _value = value;
        return value;
    }
}
